import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { findPii } from '../../src/shared/pii/scrub.ts';
import { buildCorpus } from './corpus.ts';

/**
 * `npm run bench:scrub`: precision and recall of the PII scrubber on a generated, labelled
 * corpus (bench/scrub/corpus.ts), per type and overall, and its throughput. A finding is a
 * true positive when it covers a labelled identifier exactly; anything else it removes is a
 * false positive.
 */
const corpus = buildCorpus(4000);
const stats = new Map<string, { tp: number; fp: number; fn: number }>();
const bump = (type: string, k: 'tp' | 'fp' | 'fn') => {
  const s = stats.get(type) ?? { tp: 0, fp: 0, fn: 0 };
  s[k]++;
  stats.set(type, s);
};
const decoyHits = new Map<string, number>();
const decoyCount = new Map<string, number>();
for (const sample of corpus) {
  const found = findPii(sample.text);
  for (const p of sample.pii) {
    const hit = found.find((f) => f.start === p.start && f.end === p.end && f.type === p.type);
    bump(p.type, hit ? 'tp' : 'fn');
  }
  for (const f of found) {
    if (!sample.pii.some((p) => p.start === f.start && p.end === f.end && p.type === f.type))
      bump(f.type, 'fp');
  }
  if (sample.decoy) {
    decoyCount.set(sample.decoy, (decoyCount.get(sample.decoy) ?? 0) + 1);
    if (found.length) decoyHits.set(sample.decoy, (decoyHits.get(sample.decoy) ?? 0) + 1);
  }
}
const pct = (n: number, d: number) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)} %`);
const rows: string[] = [];
let all = { tp: 0, fp: 0, fn: 0 };
for (const [type, s] of [...stats].sort()) {
  all = { tp: all.tp + s.tp, fp: all.fp + s.fp, fn: all.fn + s.fn };
  rows.push(
    `| ${type} | ${s.tp + s.fn} | ${s.tp} | ${s.fp} | ${s.fn} | ${pct(s.tp, s.tp + s.fp)} | ${pct(s.tp, s.tp + s.fn)} |`,
  );
}
rows.push(
  `| **all** | ${all.tp + all.fn} | ${all.tp} | ${all.fp} | ${all.fn} | ${pct(all.tp, all.tp + all.fp)} | ${pct(all.tp, all.tp + all.fn)} |`,
);
const decoys = [...decoyCount].sort().map(([d, n]) => `| ${d} | ${n} | ${decoyHits.get(d) ?? 0} |`);

// Throughput: the whole corpus scrubbed repeatedly.
const texts = corpus.map((s) => s.text);
for (let i = 0; i < 3; i++) for (const t of texts) findPii(t);
const rounds = 10;
const t0 = performance.now();
for (let i = 0; i < rounds; i++) for (const t of texts) findPii(t);
const ms = performance.now() - t0;
const chars = texts.reduce((n, t) => n + t.length, 0) * rounds;

const report = `# PII scrubber benchmark

Machine: ${cpus()[0]?.model ?? 'unknown'} (${cpus().length} logical CPUs), Node ${process.version}.
Date: ${new Date().toISOString()}.

Corpus: ${corpus.length} generated sentences (seed 20261202): half carry one identifier in a
real format (valid card numbers with and without separators, SSNs, UK NINOs, IBANs), half a
look-alike that must be kept. True positive = the exact span removed with the right type.

| type | labelled | TP | FP | FN | precision | recall |
|---|---|---|---|---|---|---|
${rows.join('\n')}

Look-alikes (sentences with no identifier) that lost text anyway:

| look-alike | sentences | scrubbed wrongly |
|---|---|---|
${decoys.join('\n')}

Throughput: ${(((chars / ms) * 1000) / 1e6).toFixed(2)} M characters/s (${((texts.length * rounds) / (ms / 1000)).toFixed(0)} sentences/s).
`;
writeFileSync(new URL('./RESULTS.md', import.meta.url), report);
console.log(report);
