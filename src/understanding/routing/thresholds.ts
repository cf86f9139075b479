import { DEFAULT_CLARIFY_MARGIN } from './model-params.ts';
import type { RouteCandidate, RouteResult } from './types.ts';

/**
 * Thresholds calibrated per agent from its own trigger phrases (spec §C2). The triggers are split
 * in two folds; a router built without one fold routes that fold's phrases, which it has never
 * seen — an honest picture of how this agent's in-scope messages score. Constants fitted to one
 * dataset over-reject elsewhere: an agent whose phrasings vary more scores its own customers lower.
 * The match threshold is then the one that serves those held-out phrases best, kept between
 * FLOOR and CEILING so unrelated messages are still declined and a very tight agent is not made
 * stricter than the defaults chosen on validation data.
 */
export interface Thresholds {
  matchThreshold: number;
  clarifyMargin: number;
  /** how they were set: 'calibrated' from held-out triggers, or 'default' (too few to hold out) */
  source: 'calibrated' | 'default';
}

/** A held-out phrase: every candidate's score for it, and which candidate it belongs to. */
export interface HeldOut {
  gold: string;
  scores: Float64Array;
}

export const FLOOR = 0.25;
export const CEILING = 0.5;
/** Fewer held-out phrases than this say too little; the defaults are kept. */
export const MIN_HELD_OUT = 8;
// A wrong action is worse than a question or a handoff: it costs what a right one gains.
const WRONG_MATCH_COST = 0.75;
// The clarify margin is not narrowed: held-out triggers rarely tie, but short customer messages
// ("cancel") often do, and asking is kinder than guessing.
const MARGINS = [DEFAULT_CLARIFY_MARGIN];
// A clarifying question that offers the right action is half a success.
const CLARIFY_RIGHT_GAIN = 0.4;

/** The two folds: every other trigger of each candidate with two or more triggers. */
export function foldsOf(candidates: readonly RouteCandidate[]): [RouteCandidate[], RouteCandidate[]][] {
  const fold = (parity: number) =>
    candidates.map((c) =>
      c.triggers.length >= 2 ? { ...c, triggers: c.triggers.filter((_, i) => i % 2 === parity) } : c,
    );
  const heldOut = (parity: number) =>
    candidates.map((c) =>
      c.triggers.length >= 2
        ? { ...c, triggers: c.triggers.filter((_, i) => i % 2 !== parity) }
        : { ...c, triggers: [] },
    );
  return [
    [fold(0), heldOut(0)],
    [fold(1), heldOut(1)],
  ];
}

/**
 * The match threshold and clarify margin with the best held-out utility (ties: the higher, safer
 * threshold and the wider margin). `decideWith` is the router's own decision rule.
 */
export function chooseThresholds(
  heldOut: readonly HeldOut[],
  defaults: { matchThreshold: number; clarifyMargin: number },
  decideWith: (scores: Float64Array, matchThreshold: number, clarifyMargin: number) => RouteResult,
): Thresholds {
  if (heldOut.length < MIN_HELD_OUT) return { ...defaults, source: 'default' };
  let best = {
    threshold: defaults.matchThreshold,
    margin: defaults.clarifyMargin,
    utility: Number.NEGATIVE_INFINITY,
  };
  for (let t = CEILING; t >= FLOOR - 1e-9; t -= 0.0125) {
    for (const m of MARGINS) {
      let utility = 0;
      for (const h of heldOut) {
        const r = decideWith(h.scores, t, m);
        if (r.decision === 'match') utility += r.best?.id === h.gold ? 1 : -WRONG_MATCH_COST;
        else if (r.decision === 'clarify' && r.alternatives.some((a) => a.id === h.gold))
          utility += CLARIFY_RIGHT_GAIN;
      }
      if (utility > best.utility + 1e-9)
        best = { threshold: Math.round(t * 10_000) / 10_000, margin: m, utility };
    }
  }
  return { matchThreshold: best.threshold, clarifyMargin: best.margin, source: 'calibrated' };
}
