import type { LexicalWeights } from './features.ts';

/**
 * Everything the router learns or weighs that is not the candidates themselves. The defaults were
 * chosen on validation rows only (bench/routing/tune.ts; the procedure is in bench/routing/RESULTS.md).
 */
export interface ModelParams {
  lexical: LexicalWeights;
  /** smooth-inverse-frequency constant for the word-vector average */
  sifA: number;
  /** weight of the sentence-vector block next to the unit-length lexical block */
  denseWeight: number;
  /** how many training phrases it takes before their mean vector is fully removed */
  centerShrink: number;
  epochs: number;
  learningRate: number;
  l2: number;
  /** share of the word-vector cosine in the nearest-phrase similarity (the rest is lexical) */
  fitDenseShare: number;
  /**
   * score = sigmoid(fitWeight · fit + bias + sizeWeight · ln(number of candidates)) · p^probabilityPower
   * (see calibrate in router.ts)
   */
  calibration: { probabilityPower: number; fitWeight: number; bias: number; sizeWeight: number };
}

export const DEFAULT_PARAMS: ModelParams = {
  lexical: { bigram: 0.5, charGram: 0.3, charMin: 4, charMax: 4 },
  sifA: 1e-3,
  denseWeight: 1,
  centerShrink: 20,
  epochs: 8,
  learningRate: 2,
  l2: 1e-4,
  fitDenseShare: 0.5,
  calibration: { probabilityPower: 0.93, fitWeight: 30.111, bias: -14.72, sizeWeight: 1.583 },
};

export const DEFAULT_MATCH_THRESHOLD = 0.425;
export const DEFAULT_CLARIFY_MARGIN = 0.15;
