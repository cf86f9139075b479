/**
 * The routing benchmark (protocol: shared/bench/README.md).
 *
 *   npm exec -- node bench/routing/run.ts --data <dir> --k 10 [--seeds 0,1,2,3,4] [--modes name,empty]
 *
 * <dir> holds train.csv and test.csv (columns text,category). One action per train category (name:
 * the category with _ → space; description: the name, or empty), k seeded trigger rows each, the
 * router's default thresholds, every test row routed. Prints ONE JSON line on stdout (means over
 * seeds × modes, fractions in [0, 1], plus *Sd sample standard deviations); per-run lines go to stderr.
 *
 * What counts: `accuracy`/`macroF1` are strict — an in-scope row is right only when the router
 * answers 'match' with its category; 'clarify' and 'none' are errors. `top1Accuracy`/`top1MacroF1`
 * score the top-ranked candidate whatever the decision (the figure the published references give).
 * Test rows whose category is not in train.csv are out of scope: `oosRecall` is the share of them
 * answered 'none'.
 */
import { parseArgs } from 'node:util';
import { buildRouter } from '../../src/understanding/routing/index.ts';
import { candidatesFor, type DescriptionMode, readDataset, sampleTriggers } from './data.ts';
import { macroF1, mean, NO_ACTION, percentile, sd } from './metrics.ts';

interface RunMetrics {
  accuracy: number;
  macroF1: number;
  top1Accuracy: number;
  top1MacroF1: number;
  clarifyRate: number;
  noneRate: number;
  oosRecall?: number;
  buildMs: number;
}

function runOnce(
  dir: string,
  k: number,
  seed: number,
  mode: DescriptionMode,
  latencies: number[],
): RunMetrics {
  const { train, test } = readDataset(dir);
  const split = sampleTriggers(train, k, seed);
  const started = performance.now();
  const router = buildRouter(candidatesFor(split.triggers, mode));
  const buildMs = performance.now() - started;
  // Warm the JIT on a few rows so the first timed calls do not measure compilation.
  for (const row of test.slice(0, 50)) router.route(row.text);

  const gold: string[] = [];
  const strict: string[] = [];
  const top1: string[] = [];
  let clarify = 0;
  let none = 0;
  let outOfScope = 0;
  let rejected = 0;
  for (const row of test) {
    const before = performance.now();
    const result = router.route(row.text);
    latencies.push(performance.now() - before);
    if (!split.triggers.has(row.category)) {
      outOfScope++;
      if (result.decision === 'none') rejected++;
      continue;
    }
    gold.push(row.category);
    strict.push(result.decision === 'match' && result.best ? result.best.id : NO_ACTION);
    top1.push(result.ranked[0]?.id ?? NO_ACTION);
    if (result.decision === 'clarify') clarify++;
    if (result.decision === 'none') none++;
  }
  const share = (hits: number) => (gold.length ? hits / gold.length : 0);
  return {
    accuracy: share(strict.filter((p, i) => p === gold[i]).length),
    macroF1: macroF1(gold, strict),
    top1Accuracy: share(top1.filter((p, i) => p === gold[i]).length),
    top1MacroF1: macroF1(gold, top1),
    clarifyRate: share(clarify),
    noneRate: share(none),
    ...(outOfScope ? { oosRecall: rejected / outOfScope } : {}),
    buildMs,
  };
}

function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function main() {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      k: { type: 'string', default: '10' },
      seeds: { type: 'string', default: '0,1,2,3,4' },
      modes: { type: 'string', default: 'name,empty' },
    },
  });
  if (!values.data) throw new Error('usage: run.ts --data <dir with train.csv and test.csv> [--k 10]');
  const k = Number(values.k);
  const seeds = values.seeds.split(',').map(Number);
  const modes = values.modes.split(',') as DescriptionMode[];

  const runs: RunMetrics[] = [];
  const latencies: number[] = [];
  for (const mode of modes) {
    for (const seed of seeds) {
      const metrics = runOnce(values.data, k, seed, mode, latencies);
      runs.push(metrics);
      console.error(JSON.stringify({ k, mode, seed, ...metrics }));
    }
  }

  const keys = ['accuracy', 'macroF1', 'top1Accuracy', 'top1MacroF1', 'clarifyRate', 'noneRate'] as const;
  const summary: Record<string, unknown> = {};
  for (const key of keys) summary[key] = round(mean(runs.map((run) => run[key])));
  if (runs.some((run) => run.oosRecall !== undefined)) {
    summary['oosRecall'] = round(mean(runs.map((run) => run.oosRecall ?? 0)));
  }
  summary['p50Ms'] = round(percentile(latencies, 50), 3);
  summary['p99Ms'] = round(percentile(latencies, 99), 3);
  for (const key of keys) summary[`${key}Sd`] = round(sd(runs.map((run) => run[key])));
  if (summary['oosRecall'] !== undefined) {
    summary['oosRecallSd'] = round(sd(runs.map((run) => run.oosRecall ?? 0)));
  }
  summary['buildMs'] = round(mean(runs.map((run) => run.buildMs)), 1);
  summary['k'] = k;
  summary['seeds'] = seeds;
  summary['modes'] = modes;
  console.log(JSON.stringify(summary));
}

main();
