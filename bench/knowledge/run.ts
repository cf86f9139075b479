/**
 * The retrieval benchmark: the Trailhead help center (./corpus, 18 Markdown articles) indexed
 * exactly as uploaded documents are (parseDocument → chunkSections → buildKnowledgeIndex), and
 * the labelled questions of ./questions.ts asked with the agent's `answer()`.
 *
 *   npm run bench:knowledge [-- --json] [-- --min-score 0.4]
 *
 * - recall@1: the agent answers (not declined) and cites the labelled section.
 * - recall@3: the labelled section is among the three best-ranked sections (no threshold).
 * - declined (unanswerable): share of questions the corpus cannot answer that get no answer.
 * - false declines: answerable questions that got no answer.
 * Median and p95 time per question are measured after a warm-up (machine-dependent).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chunkSections } from '../../src/knowledge/chunk.ts';
import { buildKnowledgeIndex, type KnowledgeIndex } from '../../src/knowledge/index.ts';
import { parseDocument } from '../../src/knowledge/parse/document.ts';
import { answer, DEFAULT_MIN_SCORE, rankPassages } from '../../src/knowledge/retrieve.ts';
import type { KnowledgeSource } from '../../src/knowledge/types.ts';
import { ANSWERABLE, UNANSWERABLE } from './questions.ts';

const { values } = parseArgs({
  options: { json: { type: 'boolean' }, 'min-score': { type: 'string' }, verbose: { type: 'boolean' } },
});
const minScore = values['min-score'] ? Number(values['min-score']) : DEFAULT_MIN_SCORE;
const corpusDir = new URL('./corpus/', import.meta.url).pathname;

async function loadCorpus(): Promise<{ index: KnowledgeIndex; sections: number }> {
  const sources: KnowledgeSource[] = [];
  let sections = 0;
  for (const file of readdirSync(corpusDir).sort()) {
    const doc = await parseDocument({
      filename: file,
      contentType: 'text/markdown',
      data: readFileSync(join(corpusDir, file), 'utf8'),
    });
    const id = file.replace(/\.md$/, '');
    sections += doc.sections.length;
    sources.push({
      id,
      kind: 'document',
      title: doc.title,
      passages: chunkSections({ id, title: doc.title }, doc.sections),
    });
  }
  return { index: buildKnowledgeIndex(sources), sections };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

const { index, sections } = await loadCorpus();
const key = (sourceId: string, heading: string) => `${sourceId}\u0000${heading}`;
const known = new Set(index.passages.map((p) => key(p.sourceId, p.heading)));
for (const [file, heading] of ANSWERABLE) {
  if (!known.has(key(file, heading))) throw new Error(`Label names no section: ${file} / ${heading}`);
}

// Warm-up, so the timings below do not measure JIT compilation.
for (const [, , q] of ANSWERABLE.slice(0, 30)) answer(index, q, { minScore });

const times: number[] = [];
let top1 = 0;
let top3 = 0;
let falseDeclines = 0;
const misses: string[] = [];
for (const [file, heading, q] of ANSWERABLE) {
  const started = performance.now();
  const found = answer(index, q, { minScore });
  times.push(performance.now() - started);
  const wanted = key(file, heading);
  if (!found) falseDeclines++;
  else if (key(found.citation.sourceId, found.citation.section ?? '') === wanted) top1++;
  // Distinct sections, best first: a long section split into passages counts once.
  const ranked: string[] = [];
  for (const r of rankPassages(index, q, 20)) {
    const p = index.passages[r.position]!;
    const k = key(p.sourceId, p.heading);
    if (!ranked.includes(k)) ranked.push(k);
  }
  if (ranked.slice(0, 3).includes(wanted)) top3++;
  else
    misses.push(
      `miss@3  ${q}  → wanted ${file}/${heading}, got ${ranked.slice(0, 3).join(' | ').replaceAll('\u0000', '/')}`,
    );
  if (found && key(found.citation.sourceId, found.citation.section ?? '') !== wanted) {
    misses.push(
      `wrong@1 ${q}  → wanted ${file}/${heading}, cited ${found.citation.sourceId}/${found.citation.section}`,
    );
  } else if (!found) misses.push(`declined ${q}  (${file}/${heading})`);
}
let declined = 0;
for (const q of UNANSWERABLE) {
  const started = performance.now();
  const found = answer(index, q, { minScore });
  times.push(performance.now() - started);
  if (!found) declined++;
  else misses.push(`answered ${q}  → ${found.citation.sourceId}/${found.citation.section} (${found.score})`);
}
times.sort((a, b) => a - b);
const round = (n: number) => Math.round(n * 1000) / 1000;
const result = {
  articles: readdirSync(corpusDir).length,
  sections,
  passages: index.passages.length,
  answerable: ANSWERABLE.length,
  unanswerable: UNANSWERABLE.length,
  minScore,
  recallAt1: round(top1 / ANSWERABLE.length),
  recallAt3: round(top3 / ANSWERABLE.length),
  falseDeclineRate: round(falseDeclines / ANSWERABLE.length),
  unanswerableDeclined: round(declined / UNANSWERABLE.length),
  medianMs: round(percentile(times, 0.5)),
  p95Ms: round(percentile(times, 0.95)),
};
if (values.verbose) for (const m of misses) console.error(m);
if (values.json) console.log(JSON.stringify(result));
else {
  console.log(`| metric | value |\n|---|---|`);
  for (const [k, v] of Object.entries(result)) console.log(`| ${k} | ${v} |`);
}
