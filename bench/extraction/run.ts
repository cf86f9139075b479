/**
 * Restaurants-8k span extraction benchmark (bench README, "restaurant8k"): exact-span precision,
 * recall and F1 per slot on test.json, with train.json for reference, written to RESULTS.md.
 *
 *   npm run bench:extraction              (data from ../shared/bench/restaurant8k, or RESTAURANT8K_DIR)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractSlotSpans } from '../../src/understanding/extract/index.ts';
import { type Item, type SlotScore, scoreAll } from './score.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const dataDir = process.env['RESTAURANT8K_DIR'] ?? join(here, '../../../shared/bench/restaurant8k');

function load(split: 'train' | 'test'): Item[] {
  return JSON.parse(readFileSync(join(dataDir, `${split}.json`), 'utf8')) as Item[];
}

function run(items: Item[]): { scores: SlotScore[]; msPerItem: number } {
  const started = performance.now();
  const scores = scoreAll(items, (item) =>
    extractSlotSpans(item.userInput.text, item.context?.requestedSlots ?? []),
  );
  return { scores, msPerItem: (performance.now() - started) / items.length };
}

const pct = (x: number) => (100 * x).toFixed(1);

/** A Markdown table padded the way the formatter (Biome) lays it out, numbers right-aligned. */
function table(scores: SlotScore[]): string {
  const header = ['slot', 'P', 'R', 'F1', 'TP', 'FP', 'FN'];
  const rows = scores.map((s) => [
    s.slot,
    pct(s.precision),
    pct(s.recall),
    pct(s.f1),
    `${s.tp}`,
    `${s.fp}`,
    `${s.fn}`,
  ]);
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => r[i]!.length)));
  const cell = (text: string, i: number) => (i === 0 ? text.padEnd(widths[i]!) : text.padStart(widths[i]!));
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

const test = load('test');
const train = load('train');
const onTest = run(test);
const onTrain = run(train);

for (const s of onTest.scores) {
  const line = {
    split: 'test',
    slot: s.slot,
    precision: s.precision,
    recall: s.recall,
    f1: s.f1,
    tp: s.tp,
    fp: s.fp,
    fn: s.fn,
  };
  console.log(JSON.stringify(line));
}
const micro = (scores: SlotScore[]) => scores.find((s) => s.slot === 'micro')!;
const machine = cpus()[0]?.model ?? 'unknown CPU';
console.log(
  JSON.stringify({
    summary: true,
    test: { items: test.length, microF1: micro(onTest.scores).f1, msPerItem: onTest.msPerItem },
    train: { items: train.length, microF1: micro(onTrain.scores).f1, msPerItem: onTrain.msPerItem },
    machine,
    node: process.version,
  }),
);

const report = `# Restaurants-8k span extraction (rule-based, no model)

\`npm run bench:extraction\` — \`extractSlotSpans\` from \`src/understanding/extract\` on the PolyAI
Restaurants-8k data (CC BY 4.0), scored by exact character span per slot as the bench README prescribes:
a prediction counts only when slot, start and end all equal a gold span (a missing \`startIndex\` is 0),
and on items without labels every prediction is a false positive. "micro" sums the counts over all slots.

## test.json (${test.length} items)

${table(onTest.scores)}

## train.json (${train.length} items, for reference)

${table(onTrain.scores)}

The rules were written by reading extraction errors on train.json only (its conventions, e.g. that
"11:15 AM" is annotated as "11:15" but "7:30 PM" keeps the meridiem, or that "the 12 of us" is "the 12").
The train figures are therefore optimistic; test.json was used for this report and nothing else.
While the rules were being written, every fifth train item was held out as a check on overfitting: it
scored 0.950 micro-F1 against 0.964 on the four fifths the errors were read from.
Published reference: Span-ConveRT 0.96 F1 on the full data (a trained neural model).

Machine: ${machine}, Node ${process.version}. Speed: ${onTest.msPerItem.toFixed(2)} ms per message (test),
single-threaded, deterministic.
`;
writeFileSync(join(here, 'RESULTS.md'), report);
