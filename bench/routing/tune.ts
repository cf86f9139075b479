/**
 * The router's validation procedure. Uses only train.csv rows that the benchmark did NOT sample as
 * trigger phrases; test.csv is never read.
 *
 *   npm exec -- node bench/routing/tune.ts --data <dir> [--grid] [--seeds 0,1,2,3,4] [--per-class 15]
 *
 * For every seed, k ∈ {5, 10} and description mode: sample the triggers exactly as the benchmark
 * does, hold out 20 % of the categories as out of scope (their actions are not built), and score
 * up to --per-class unused rows of every category. Then:
 * 1. (--grid) compare model variants by in-scope top-1 accuracy (all categories in scope);
 * 2. fit the score calibration: a logistic regression of "this candidate is right" on
 *    (ln p, nearest-phrase similarity) over each row's three most probable candidates;
 * 3. choose matchThreshold and clarifyMargin maximising the utility below.
 * It prints the chosen values; they are copied by hand into src/understanding/routing/model-params.ts.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_PARAMS, type ModelParams } from '../../src/understanding/routing/model-params.ts';
import {
  buildIndex,
  calibrate,
  decide,
  type Signals,
  signals,
} from '../../src/understanding/routing/router.ts';
import { wordVectors } from '../../src/understanding/routing/word-vectors.ts';
import {
  candidatesFor,
  type DescriptionMode,
  type Row,
  readRows,
  sampleTriggers,
  seededRandom,
  shuffled,
} from './data.ts';
import { mean } from './metrics.ts';

/**
 * Utility of one decision, relative to saying "no action": running the wrong action costs as much
 * as running the right one gains; a clarifying question costs half a turn.
 */
export function utility(gold: string | undefined, decision: ReturnType<typeof decide>): number {
  if (decision.decision === 'none') return 0;
  if (decision.decision === 'match') return decision.best?.id === gold ? 1 : -1;
  return decision.alternatives.some((alternative) => alternative.id === gold) ? 0.5 : -0.5;
}

interface Scored {
  /** undefined for an out-of-scope row */
  gold: string | undefined;
  ids: string[];
  signals: Signals;
}

interface Setting {
  seed: number;
  k: number;
  mode: DescriptionMode;
  /** build only this many (seeded) in-scope actions; every other category is then out of scope */
  subset?: number;
}

const OUT_OF_SCOPE_SHARE = 0.2;

function validationRuns(
  train: Row[],
  settings: Setting[],
  perClass: number,
  params: ModelParams,
  holdOut: boolean,
): Scored[][] {
  const vectors = wordVectors();
  return settings.map(({ seed, k, mode, subset }) => {
    const split = sampleTriggers(train, k, seed);
    const categories = [...split.triggers.keys()];
    const order = shuffled(categories, seededRandom(seed + 100 + (subset ?? 0)));
    const scopeSize =
      subset ??
      (holdOut ? categories.length - Math.round(categories.length * OUT_OF_SCOPE_SHARE) : categories.length);
    const inScopeSet = new Set(order.slice(0, scopeSize));
    // A small action list is tested against as many foreign categories as it has of its own.
    const tested = new Set(subset ? order.slice(0, 2 * subset) : categories);
    const candidates = candidatesFor(
      new Map([...split.triggers].filter(([category]) => inScopeSet.has(category))),
      mode,
    );
    const ids = candidates.map((candidate) => candidate.id);
    const index = buildIndex(candidates, params, vectors);
    const rows = [...split.unused.entries()]
      .filter(([category]) => tested.has(category))
      .flatMap(([, rows]) => shuffled(rows, seededRandom(seed + 1000)).slice(0, perClass));
    return rows.map((row) => ({
      gold: inScopeSet.has(row.category) ? row.category : undefined,
      ids,
      signals: signals(index, row.text),
    }));
  });
}

function topByProbability(scored: Scored): number {
  const p = scored.signals.probabilities;
  let best = 0;
  for (let c = 1; c < p.length; c++) if (p[c]! > p[best]!) best = c;
  return best;
}

/**
 * Fits (probabilityPower, fitWeight, bias) of calibrate() by maximum likelihood of "this candidate
 * is the right one" over each row's three most probable candidates, by gradient descent with
 * numerical gradients (three parameters, so simple beats clever).
 */
function fitCalibration(runs: Scored[][], params: ModelParams): ModelParams['calibration'] {
  const samples: { p: number; fit: number; y: number; weight: number }[] = [];
  for (const run of runs) {
    const weight = 1 / run.length;
    for (const scored of run) {
      const { probabilities, fit } = scored.signals;
      const top = Array.from(probabilities.keys())
        .sort((a, b) => probabilities[b]! - probabilities[a]!)
        .slice(0, 3);
      for (const c of top) {
        samples.push({
          p: probabilities[c]!,
          fit: fit[c]!,
          y: scored.ids[c] === scored.gold ? 1 : 0,
          weight,
        });
      }
    }
  }
  const loss = ([power, fitWeight, bias]: number[]) => {
    let total = 0;
    for (const { p, fit, y, weight } of samples) {
      const score = Math.min(
        1 - 1e-9,
        Math.max(1e-9, p ** power! / (1 + Math.exp(-(fitWeight! * fit + bias!)))),
      );
      total -= weight * (y ? Math.log(score) : Math.log(1 - score));
    }
    return total;
  };
  const c = params.calibration;
  let w = [c.probabilityPower, c.fitWeight, c.bias];
  let rate = 0.5;
  let current = loss(w);
  for (let iteration = 0; iteration < 300 && rate > 1e-6; iteration++) {
    const gradient = w.map((_, i) => {
      const h = 1e-4;
      const up = [...w];
      up[i]! += h;
      return (loss(up) - current) / h;
    });
    const next = w.map((value, i) => value - rate * gradient[i]!);
    const nextLoss = loss(next);
    if (nextLoss < current) {
      w = next;
      current = nextLoss;
      rate *= 1.2;
    } else rate /= 2;
  }
  return { probabilityPower: round(w[0]!), fitWeight: round(w[1]!), bias: round(w[2]!) };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * The threshold with the best mean utility; then the widest clarify margin that costs at most
 * 0.005 utility against that, because asking is kinder than guessing when it is nearly free.
 */
function chooseThresholds(runs: Scored[][], params: ModelParams) {
  const scoresOf = runs.map((run) => run.map((scored) => calibrate(scored.signals, params)));
  const utilityAt = (threshold: number, margin: number) =>
    mean(
      runs.map((run, r) =>
        mean(
          run.map((scored, i) => {
            const candidates = scored.ids.map((id) => ({ id, name: id, description: '', triggers: [] }));
            return utility(scored.gold, decide(candidates, scoresOf[r]![i]!, threshold, margin));
          }),
        ),
      ),
    );
  const grid = (from: number, to: number) =>
    Array.from({ length: Math.round((to - from) / 0.025) + 1 }, (_, i) => round(from + i * 0.025));
  let best = { matchThreshold: 0.5, clarifyMargin: 0, utility: Number.NEGATIVE_INFINITY };
  for (const threshold of grid(0.2, 0.8)) {
    const value = utilityAt(threshold, 0);
    if (value > best.utility + 1e-12) best = { matchThreshold: threshold, clarifyMargin: 0, utility: value };
  }
  for (const margin of grid(0.025, 0.3)) {
    const value = utilityAt(best.matchThreshold, margin);
    if (value >= best.utility - 0.005) best = { ...best, clarifyMargin: margin };
    else break;
  }
  return { ...best, utilityWithMargin: utilityAt(best.matchThreshold, best.clarifyMargin) };
}

function outcome(runs: Scored[][], params: ModelParams, matchThreshold: number, clarifyMargin: number) {
  let inScope = 0;
  let correct = 0;
  let top1 = 0;
  let outOfScope = 0;
  let rejected = 0;
  let clarified = 0;
  for (const run of runs) {
    for (const scored of run) {
      const candidates = scored.ids.map((id) => ({ id, name: id, description: '', triggers: [] }));
      const result = decide(candidates, calibrate(scored.signals, params), matchThreshold, clarifyMargin);
      if (result.decision === 'clarify') clarified++;
      if (scored.gold === undefined) {
        outOfScope++;
        if (result.decision === 'none') rejected++;
        continue;
      }
      inScope++;
      if (scored.ids[topByProbability(scored)] === scored.gold) top1++;
      if (result.decision === 'match' && result.best?.id === scored.gold) correct++;
    }
  }
  return {
    inScopeTop1: round(top1 / inScope),
    inScopeMatchAccuracy: round(correct / inScope),
    oosRecall: outOfScope ? round(rejected / outOfScope) : undefined,
    clarifyRate: round(clarified / (inScope + outOfScope)),
  };
}

/** Variants compared by in-scope top-1 accuracy on validation rows (all categories in scope). */
function variants(): [string, ModelParams][] {
  const base = DEFAULT_PARAMS;
  const lexical = base.lexical;
  return [
    ['default', base],
    ['no word vectors in the model', { ...base, denseWeight: 0 }],
    ['denseWeight 1.5', { ...base, denseWeight: 1.5 }],
    ['no char n-grams', { ...base, lexical: { ...lexical, charGram: 0 } }],
    ['char 3–5-grams', { ...base, lexical: { ...lexical, charMin: 3, charMax: 5 } }],
    ['no bigrams', { ...base, lexical: { ...lexical, bigram: 0 } }],
    ['sifA 1e-4', { ...base, sifA: 1e-4 }],
    ['no centering', { ...base, centerShrink: 1e12 }],
    ['16 epochs', { ...base, epochs: 16 }],
  ];
}

function main() {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: '/work/shared/bench/banking77' },
      seeds: { type: 'string', default: '0,1,2,3,4' },
      'per-class': { type: 'string', default: '15' },
      grid: { type: 'boolean', default: false },
    },
  });
  const train = readRows(`${values.data}/train.csv`);
  const seeds = values.seeds.split(',').map(Number);
  const perClass = Number(values['per-class']);
  const settings: Setting[] = seeds.flatMap((seed) =>
    [5, 10].flatMap((k) => (['name', 'empty'] as const).map((mode) => ({ seed, k, mode }))),
  );

  if (values.grid) {
    const nameOnly = settings.filter((setting) => setting.mode === 'name');
    for (const [label, params] of variants()) {
      const runs = validationRuns(train, nameOnly, perClass, params, false);
      const byK = [5, 10].map((k) => {
        const chosen = runs.filter((_, i) => nameOnly[i]!.k === k).flat();
        return mean(chosen.map((scored) => (scored.ids[topByProbability(scored)] === scored.gold ? 1 : 0)));
      });
      console.log(JSON.stringify({ variant: label, top1K5: round(byK[0]!), top1K10: round(byK[1]!) }));
    }
  }

  // The full action list with 20 % of the categories held out, plus small action lists (3 and 10)
  // so that the scores also mean something when an agent has only a few actions.
  const small = seeds.flatMap((seed) =>
    [5, 10].flatMap((k) => [3, 10].map((subset) => ({ seed, k, mode: 'name' as const, subset }))),
  );
  const full = validationRuns(train, settings, perClass, DEFAULT_PARAMS, true);
  const subsets = validationRuns(train, small, perClass, DEFAULT_PARAMS, true);
  const runs = [...full, ...subsets];
  const calibration = fitCalibration(runs, DEFAULT_PARAMS);
  const params = { ...DEFAULT_PARAMS, calibration };
  const thresholds = chooseThresholds(runs, params);
  for (let t = 0.2; t <= 0.7 + 1e-9; t += 0.05) {
    console.log(
      JSON.stringify({
        matchThreshold: round(t),
        full: outcome(full, params, t, 0),
        smallActionLists: outcome(subsets, params, t, 0),
      }),
    );
  }
  console.log(
    JSON.stringify({
      calibration,
      matchThreshold: thresholds.matchThreshold,
      clarifyMargin: thresholds.clarifyMargin,
      utility: round(thresholds.utility),
      utilityWithMargin: round(thresholds.utilityWithMargin),
      full: outcome(full, params, thresholds.matchThreshold, thresholds.clarifyMargin),
      smallActionLists: outcome(subsets, params, thresholds.matchThreshold, thresholds.clarifyMargin),
      fullWithoutClarify: outcome(full, params, thresholds.matchThreshold, 0),
    }),
  );
}

main();
