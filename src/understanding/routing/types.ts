export interface RouteCandidate {
  id: string;
  name: string;
  description: string;
  triggers: string[];
}

/** score in [0, 1]: the calibrated chance that this candidate is the right one, comparable across messages */
export interface RouteScore {
  id: string;
  score: number;
}

export interface RouteResult {
  /** clarify when the top two are close, none when nothing fits */
  decision: 'match' | 'clarify' | 'none';
  /** set for match */
  best?: RouteScore;
  /** the top two for clarify; otherwise the ranked candidates after the best, for the trace */
  alternatives: RouteScore[];
  /** top 5 */
  ranked: RouteScore[];
}

export interface RouterOptions {
  /** the best score must reach this for a match; the top two's sum must reach it for a clarify */
  matchThreshold?: number;
  /**
   * ask which of the top two is meant when the runner-up's score is within this of the best (below
   * matchThreshold, also whenever the runner-up scores at least half the best)
   */
  clarifyMargin?: number;
  /**
   * Calibrate the match threshold from held-out trigger phrases (default true); ignored when
   * matchThreshold is given.
   */
  calibrate?: boolean;
}

export interface Router {
  route(text: string): RouteResult;
  /** The thresholds in use: calibrated from the candidates' own triggers unless given. */
  readonly thresholds?: {
    matchThreshold: number;
    clarifyMargin: number;
    source: 'calibrated' | 'default';
  };
}
