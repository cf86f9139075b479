/**
 * The router's validation procedure. Uses only train.csv rows that the benchmark did NOT sample as
 * trigger phrases; test.csv is never read.
 *
 *   npm exec -- node bench/routing/tune.ts [--data <dir>] [--far <file>] [--grid] [--seeds 0,1,2,3,4]
 *
 * For every seed, k ∈ {5, 10} and description mode, the triggers are sampled exactly as the benchmark
 * does, then scored against up to --per-class unused rows of every category in four kinds of run:
 * - "full": every category has its action (what the benchmark measures);
 * - "held out": 20 % of the categories have no action, so their rows must get 'none' (near-domain
 *   out of scope: banking questions the agent has no action for);
 * - "small lists" (1 or 3 seeded actions) and "medium lists" (10 or 30), each tested against as many
 *   foreign categories as it has actions;
 * - in every run, --far-rows far-domain messages (restaurant-booking requests from the train split
 *   of Restaurants-8k, another task altogether) that must get 'none' too.
 * Then:
 * 1. (--grid) compare model variants by top-1 accuracy on the "full" runs;
 * 2. fit the score calibration (calibrate in router.ts): maximum likelihood of "this candidate is
 *    right" over each row's three most probable candidates, every run weighing the same and, inside
 *    a run, in-scope / near-domain / far-domain rows weighing 60 / 20 / 20 % (PRIOR);
 * 3. choose matchThreshold and clarifyMargin: the best strict accuracy that keeps the out-of-scope
 *    floors below (FLOORS), then the widest clarify margin that is nearly free.
 * It prints the chosen values; they are copied by hand into src/understanding/routing/model-params.ts.
 */

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { seededRandom } from '../../src/shared/random.ts';
import { DEFAULT_PARAMS, type ModelParams } from '../../src/understanding/routing/model-params.ts';
import {
  buildIndex,
  calibrate,
  decide,
  type Signals,
  signals,
} from '../../src/understanding/routing/router.ts';
import { wordVectors } from '../../src/understanding/routing/word-vectors.ts';
import { candidatesFor, type DescriptionMode, type Row, readRows, sampleTriggers, shuffled } from './data.ts';
import { mean } from './metrics.ts';

/**
 * What the defaults must keep, whatever they gain, in every kind of run: far-domain (unrelated)
 * messages get 'none' at least 95 % of the time, and at most 40 % of the near-domain ones (questions
 * in the agent's domain that it has no action for) start an action; the rest are declined or get a
 * clarifying question, which the customer can answer with neither.
 */
export const FLOORS = { farOosNone: 95, nearOosMatchedAtMost: 40 };
/** A clarify margin is widened while it costs at most this much strict accuracy (points). */
const CLARIFY_COST = 0.5;

type Kind = 'in' | 'near' | 'far';
type Group = 'full' | 'held out' | 'small lists' | 'medium lists';

interface Scored {
  /** undefined for an out-of-scope row */
  gold: string | undefined;
  kind: Kind;
  ids: string[];
  signals: Signals;
}

interface Run {
  group: Group;
  k: number;
  rows: Scored[];
}

interface Setting {
  seed: number;
  k: number;
  mode: DescriptionMode;
  group: Group;
  /** small lists: build only this many (seeded) in-scope actions */
  subset?: number;
}

const OUT_OF_SCOPE_SHARE = 0.2;

/** Far-domain messages: Restaurants-8k train texts of four words or more, in a seeded order. */
function readFarRows(path: string): string[] {
  const items = JSON.parse(readFileSync(path, 'utf8')) as { userInput: { text: string } }[];
  const texts = items
    .map((item) => item.userInput.text)
    .filter((text) => text.trim().split(/\s+/).length >= 4);
  return shuffled([...new Set(texts)], seededRandom(77));
}

function validationRuns(
  train: Row[],
  far: string[],
  farRows: number,
  settings: Setting[],
  perClass: number,
  params: ModelParams,
): Run[] {
  const vectors = wordVectors();
  return settings.map(({ seed, k, mode, group, subset }, s) => {
    const split = sampleTriggers(train, k, seed);
    const categories = [...split.triggers.keys()];
    const order = shuffled(categories, seededRandom(seed + 100 + (subset ?? 0)));
    const scopeSize =
      subset ??
      (group === 'held out'
        ? categories.length - Math.round(categories.length * OUT_OF_SCOPE_SHARE)
        : categories.length);
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
    const start = (s * farRows) % Math.max(1, far.length - farRows);
    const scored: Scored[] = [
      ...rows.map((row) => {
        const inScope = inScopeSet.has(row.category);
        return {
          gold: inScope ? row.category : undefined,
          kind: (inScope ? 'in' : 'near') as Kind,
          text: row.text,
        };
      }),
      ...far.slice(start, start + farRows).map((text) => ({ gold: undefined, kind: 'far' as Kind, text })),
    ].map(({ gold, kind, text }) => ({ gold, kind, ids, signals: signals(index, text) }));
    return { group, k, rows: scored };
  });
}

function argmax(values: Float64Array): number {
  let best = 0;
  for (let c = 1; c < values.length; c++) if (values[c]! > values[best]!) best = c;
  return best;
}

/** Minimises f by Nelder–Mead from x0 (a handful of parameters, no gradients needed). */
function nelderMead(f: (x: number[]) => number, x0: number[], steps: number[], iterations: number): number[] {
  let simplex = [x0, ...x0.map((_, i) => x0.map((v, j) => (i === j ? v + steps[i]! : v)))].map((x) => ({
    x,
    value: f(x),
  }));
  const combine = (a: number[], b: number[], t: number) => a.map((v, i) => v + t * (b[i]! - v));
  for (let iteration = 0; iteration < iterations; iteration++) {
    simplex.sort((a, b) => a.value - b.value);
    const worst = simplex[simplex.length - 1]!;
    const centroid = x0.map((_, i) => mean(simplex.slice(0, -1).map((p) => p.x[i]!)));
    const reflected = combine(centroid, worst.x, -1);
    const reflectedValue = f(reflected);
    if (reflectedValue < simplex[0]!.value) {
      const expanded = combine(centroid, worst.x, -2);
      const expandedValue = f(expanded);
      simplex[simplex.length - 1] =
        expandedValue < reflectedValue
          ? { x: expanded, value: expandedValue }
          : { x: reflected, value: reflectedValue };
    } else if (reflectedValue < simplex[simplex.length - 2]!.value) {
      simplex[simplex.length - 1] = { x: reflected, value: reflectedValue };
    } else {
      const contracted = combine(centroid, worst.x, 0.5);
      const contractedValue = f(contracted);
      if (contractedValue < worst.value)
        simplex[simplex.length - 1] = { x: contracted, value: contractedValue };
      else {
        const best = simplex[0]!.x;
        simplex = simplex.map((p, i) =>
          i === 0 ? p : { x: combine(best, p.x, 0.5), value: f(combine(best, p.x, 0.5)) },
        );
      }
    }
    if (Math.abs(simplex[simplex.length - 1]!.value - simplex[0]!.value) < 1e-10) break;
  }
  simplex.sort((a, b) => a.value - b.value);
  return simplex[0]!.x;
}

/**
 * Every run counts the same, and within a run the kinds of row have fixed shares (PRIOR), whatever
 * the numbers of rows: otherwise the calibration would learn how each kind of run was assembled (a
 * one-action list is mostly tested on foreign rows) instead of what the signals say.
 */
const PRIOR: Record<Kind, number> = { in: 0.6, near: 0.2, far: 0.2 };

function kindWeights(run: Run): Record<Kind, number> {
  const counts: Record<Kind, number> = { in: 0, near: 0, far: 0 };
  for (const scored of run.rows) counts[scored.kind]++;
  const present = (Object.keys(counts) as Kind[]).filter((kind) => counts[kind] > 0);
  const total = present.reduce((sum, kind) => sum + PRIOR[kind], 0);
  const weights: Record<Kind, number> = { in: 0, near: 0, far: 0 };
  for (const kind of present) weights[kind] = PRIOR[kind] / total / counts[kind];
  return weights;
}

/**
 * Fits (probabilityPower, fitWeight, bias, sizeWeight) of calibrate() by maximum likelihood of "this
 * candidate is the right one" over each row's three most probable candidates.
 */
function fitCalibration(runs: Run[], params: ModelParams): ModelParams['calibration'] {
  const samples: { logP: number; fit: number; logSize: number; y: number; weight: number }[] = [];
  for (const run of runs) {
    const weights = kindWeights(run);
    for (const scored of run.rows) {
      const weight = weights[scored.kind];
      const { probabilities, fit } = scored.signals;
      const top = Array.from(probabilities.keys())
        .sort((a, b) => probabilities[b]! - probabilities[a]!)
        .slice(0, 3);
      for (const c of top) {
        samples.push({
          logP: Math.log(Math.max(1e-12, probabilities[c]!)),
          fit: fit[c]!,
          logSize: Math.log(probabilities.length),
          y: scored.ids[c] === scored.gold ? 1 : 0,
          weight,
        });
      }
    }
  }
  const loss = ([power, fitWeight, bias, sizeWeight]: number[]) => {
    let total = 0;
    for (const { logP, fit, logSize, y, weight } of samples) {
      const z = fitWeight! * fit + bias! + sizeWeight! * logSize;
      const logScore = Math.min(-1e-9, power! * logP - Math.log1p(Math.exp(-z)));
      total -= weight * (y ? logScore : Math.log(-Math.expm1(logScore)));
    }
    return total;
  };
  const c = params.calibration;
  const w = nelderMead(loss, [c.probabilityPower, c.fitWeight, c.bias, c.sizeWeight], [0.1, 2, 1, 0.3], 3000);
  return {
    probabilityPower: round(w[0]!),
    fitWeight: round(w[1]!),
    bias: round(w[2]!),
    sizeWeight: round(w[3]!),
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

const placeholders = (ids: string[]) => ids.map((id) => ({ id, name: id, description: '', triggers: [] }));

/**
 * The (matchThreshold, clarifyMargin) with the best strict accuracy (mean over the groups and k) that
 * keeps FLOORS in every group and k, with the smallest margin that still asks about exact ties; then
 * the widest margin that costs at most CLARIFY_COST points of it and keeps FLOORS, because asking
 * is kinder than guessing when it is nearly free.
 */
function chooseThresholds(runs: Run[], params: ModelParams) {
  const cached = runs.map((run) => ({
    ...run,
    rows: run.rows.map((scored) => ({ ...scored, scores: calibrate(scored.signals, params) })),
  }));
  const evaluate = (threshold: number, margin: number) => {
    const table = outcome(cached, params, threshold, margin);
    const cells = Object.values(table);
    const feasible = cells.every(
      (cell) =>
        cell.farOosNone! >= FLOORS.farOosNone && (cell.nearOosMatched ?? 0) <= FLOORS.nearOosMatchedAtMost,
    );
    return { feasible, strict: mean(cells.map((cell) => cell.strict!)), table };
  };
  const grid = (from: number, to: number) =>
    Array.from({ length: Math.round((to - from) / 0.025) + 1 }, (_, i) => round(from + i * 0.025));
  let best: { matchThreshold: number; clarifyMargin: number; strict: number } | undefined;
  for (const threshold of grid(0.1, 0.8)) {
    const { feasible, strict } = evaluate(threshold, 0.025);
    if (feasible && (!best || strict > best.strict + 1e-9))
      best = { matchThreshold: threshold, clarifyMargin: 0.025, strict };
  }
  if (!best) throw new Error('no threshold keeps the out-of-scope floors');
  for (const margin of grid(0.05, 0.3)) {
    const { feasible, strict } = evaluate(best.matchThreshold, margin);
    if (!feasible || strict < best.strict - CLARIFY_COST) break;
    best = { ...best, clarifyMargin: margin };
  }
  return best;
}

/** Percentages per group and k: in-scope top-1, strict accuracy, clarify and none; 'none' on out-of-scope rows. */
function outcome(
  runs: { group: Group; k: number; rows: (Scored & { scores?: Float64Array })[] }[],
  params: ModelParams,
  matchThreshold: number,
  clarifyMargin: number,
) {
  const table: Record<string, Record<string, number>> = {};
  for (const group of ['full', 'held out', 'medium lists', 'small lists'] as const) {
    for (const k of [5, 10]) {
      const counts = {
        in: 0,
        top1: 0,
        right: 0,
        clarify: 0,
        none: 0,
        near: 0,
        nearNone: 0,
        nearMatched: 0,
        far: 0,
        farNone: 0,
      };
      for (const run of runs.filter((run) => run.group === group && run.k === k)) {
        for (const scored of run.rows) {
          const scores = scored.scores ?? calibrate(scored.signals, params);
          const result = decide(placeholders(scored.ids), scores, matchThreshold, clarifyMargin);
          if (scored.kind === 'in') {
            counts.in++;
            if (scored.ids[argmax(scores)] === scored.gold) counts.top1++;
            if (result.decision === 'match' && result.best?.id === scored.gold) counts.right++;
            if (result.decision === 'clarify') counts.clarify++;
            if (result.decision === 'none') counts.none++;
          } else {
            counts[scored.kind]++;
            if (result.decision === 'none') counts[scored.kind === 'near' ? 'nearNone' : 'farNone']++;
            if (result.decision === 'match' && scored.kind === 'near') counts.nearMatched++;
          }
        }
      }
      if (counts.in === 0) continue;
      const share = (n: number, of: number) => (of ? Math.round((1000 * n) / of) / 10 : Number.NaN);
      table[`${group} k=${k}`] = {
        top1: share(counts.top1, counts.in),
        strict: share(counts.right, counts.in),
        clarify: share(counts.clarify, counts.in),
        none: share(counts.none, counts.in),
        ...(counts.near
          ? {
              nearOosNone: share(counts.nearNone, counts.near),
              nearOosMatched: share(counts.nearMatched, counts.near),
            }
          : {}),
        farOosNone: share(counts.farNone, counts.far),
      };
    }
  }
  return table;
}

/** Variants compared by top-1 accuracy on the "full" runs. */
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
    ['l2 3e-4', { ...base, l2: 3e-4 }],
  ];
}

function main() {
  const shared = new URL('../../../shared/bench/', import.meta.url).pathname;
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: `${shared}banking77` },
      far: { type: 'string', default: `${shared}restaurant8k/train.json` },
      seeds: { type: 'string', default: '0,1,2,3,4' },
      'per-class': { type: 'string', default: '15' },
      'far-rows': { type: 'string', default: '160' },
      grid: { type: 'boolean', default: false },
    },
  });
  const train = readRows(`${values.data}/train.csv`);
  const far = readFarRows(values.far);
  const farRows = Number(values['far-rows']);
  const seeds = values.seeds.split(',').map(Number);
  const perClass = Number(values['per-class']);
  const settings = (group: Group): Setting[] =>
    seeds.flatMap((seed) =>
      [5, 10].flatMap((k) => (['name', 'empty'] as const).map((mode) => ({ seed, k, mode, group }))),
    );

  if (values.grid) {
    const nameOnly = settings('full').filter((setting) => setting.mode === 'name');
    for (const [label, params] of variants()) {
      const runs = validationRuns(train, far, 0, nameOnly, perClass, params);
      const byK = [5, 10].map((k) => {
        const rows = runs.filter((run) => run.k === k).flatMap((run) => run.rows);
        return mean(
          rows.map((scored) => (scored.ids[argmax(scored.signals.probabilities)] === scored.gold ? 1 : 0)),
        );
      });
      console.log(JSON.stringify({ variant: label, top1K5: round(byK[0]!), top1K10: round(byK[1]!) }));
    }
  }

  const small: Setting[] = seeds.flatMap((seed) =>
    [5, 10].flatMap((k) =>
      [1, 3, 10, 30].map((subset) => ({
        seed,
        k,
        mode: 'name' as const,
        group: subset <= 3 ? ('small lists' as const) : ('medium lists' as const),
        subset,
      })),
    ),
  );
  const runs = validationRuns(
    train,
    far,
    farRows,
    [...settings('full'), ...settings('held out'), ...small],
    perClass,
    DEFAULT_PARAMS,
  );
  const calibration = fitCalibration(runs, DEFAULT_PARAMS);
  const params = { ...DEFAULT_PARAMS, calibration };
  const thresholds = chooseThresholds(runs, params);
  for (const threshold of [0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6]) {
    console.log(
      JSON.stringify({ matchThreshold: threshold, clarifyMargin: 0, ...outcome(runs, params, threshold, 0) }),
    );
  }
  for (const margin of [0.05, 0.1, 0.2]) {
    console.log(
      JSON.stringify({
        matchThreshold: thresholds.matchThreshold,
        clarifyMargin: margin,
        ...outcome(runs, params, thresholds.matchThreshold, margin),
      }),
    );
  }
  console.log(
    JSON.stringify({
      calibration,
      matchThreshold: thresholds.matchThreshold,
      clarifyMargin: thresholds.clarifyMargin,
      chosen: outcome(runs, params, thresholds.matchThreshold, thresholds.clarifyMargin),
    }),
  );
}

main();
