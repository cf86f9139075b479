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
import { ANSWERABLE, HELD_OUT_ANSWERABLE, HELD_OUT_UNANSWERABLE, UNANSWERABLE } from './questions.ts';

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
for (const [file, heading] of [...ANSWERABLE, ...HELD_OUT_ANSWERABLE]) {
  if (!known.has(key(file, heading))) throw new Error(`Label names no section: ${file} / ${heading}`);
}

// Warm-up, so the timings below do not measure JIT compilation.
for (const [, , q] of ANSWERABLE.slice(0, 30)) answer(index, q, { minScore });

const times: number[] = [];
const misses: string[] = [];
const round = (n: number) => Math.round(n * 1000) / 1000;
const where = (p: { sourceId: string; heading: string }) => `${p.sourceId}/${p.heading}`;

function score(answerable: readonly (readonly [string, string, string])[], unanswerable: readonly string[]) {
  let top1 = 0;
  let top3 = 0;
  let falseDeclines = 0;
  for (const [file, heading, q] of answerable) {
    const started = performance.now();
    const found = answer(index, q, { minScore });
    times.push(performance.now() - started);
    const wanted = key(file, heading);
    const cited = found ? key(found.citation.sourceId, found.citation.section ?? '') : null;
    if (!found) falseDeclines++;
    else if (cited === wanted) top1++;
    // Distinct sections, best first: a long section split into passages counts once.
    const ranked: string[] = [];
    for (const r of rankPassages(index, q, 20)) {
      const k = key(index.passages[r.position]!.sourceId, index.passages[r.position]!.heading);
      if (!ranked.includes(k)) ranked.push(k);
    }
    if (ranked.slice(0, 3).includes(wanted)) top3++;
    else misses.push(`miss@3   ${q} → wanted ${file}/${heading}; ranked ${ranked.slice(0, 3).join(' | ')}`);
    if (!found) misses.push(`declined ${q} (${file}/${heading})`);
    else if (cited !== wanted) misses.push(`wrong@1  ${q} → wanted ${file}/${heading}; cited ${cited}`);
  }
  let declined = 0;
  for (const q of unanswerable) {
    const started = performance.now();
    const found = answer(index, q, { minScore });
    times.push(performance.now() - started);
    if (!found) declined++;
    else
      misses.push(
        `answered ${q} → ${where({ sourceId: found.citation.sourceId, heading: found.citation.section ?? '' })} (${found.score})`,
      );
  }
  return {
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    recallAt1: round(top1 / answerable.length),
    recallAt3: round(top3 / answerable.length),
    falseDeclineRate: round(falseDeclines / answerable.length),
    unanswerableDeclined: round(declined / unanswerable.length),
  };
}

const tuned = score(ANSWERABLE, UNANSWERABLE);
const heldOut = score(HELD_OUT_ANSWERABLE, HELD_OUT_UNANSWERABLE);
times.sort((a, b) => a - b);
const result = {
  articles: readdirSync(corpusDir).length,
  sections,
  passages: index.passages.length,
  minScore,
  tuned,
  heldOut,
  medianMs: round(percentile(times, 0.5)),
  p95Ms: round(percentile(times, 0.95)),
};
if (values.verbose) for (const m of misses) console.error(m);
if (values.json) console.log(JSON.stringify(result));
else {
  console.log(
    `Corpus: ${result.articles} articles, ${result.sections} sections, ${result.passages} passages; minScore ${minScore}.`,
  );
  console.log(
    '| set | answerable | unanswerable | recall@1 | recall@3 | false declines | unanswerable declined |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const [name, r] of [
    ['tuned', tuned],
    ['held out', heldOut],
  ] as const) {
    console.log(
      `| ${name} | ${r.answerable} | ${r.unanswerable} | ${r.recallAt1} | ${r.recallAt3} | ${r.falseDeclineRate} | ${r.unanswerableDeclined} |`,
    );
  }
  console.log(`Time per question: median ${result.medianMs} ms, p95 ${result.p95Ms} ms.`);
}
