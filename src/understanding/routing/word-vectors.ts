import { existsSync, readFileSync } from 'node:fs';

export interface WordVectors {
  dims: number;
  /** word → row; rows are in corpus frequency order, so the row is also a frequency rank */
  rows: ReadonlyMap<string, number>;
  /** unit-length rows, row-major */
  vectors: Float32Array;
}

const LEXICON = new URL('../../../data/lexicon/', import.meta.url);
const DIMS = 100;

export const NO_WORD_VECTORS: WordVectors = { dims: DIMS, rows: new Map(), vectors: new Float32Array(0) };

let loaded: WordVectors | undefined;

/**
 * The packaged GloVe vectors (see data/lexicon/README.md), read once per process. Without the
 * files the router still works, on lexical features only.
 */
export function wordVectors(): WordVectors {
  if (loaded) return loaded;
  const wordsFile = new URL('glove-100d.words.txt', LEXICON);
  const vectorsFile = new URL('glove-100d.i8', LEXICON);
  if (!existsSync(wordsFile) || !existsSync(vectorsFile)) {
    loaded = NO_WORD_VECTORS;
    return loaded;
  }
  const words = readFileSync(wordsFile, 'utf8').split('\n').filter(Boolean);
  const raw = readFileSync(vectorsFile);
  const bytes = new Int8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  const count = Math.min(words.length, Math.floor(bytes.length / DIMS));
  const vectors = new Float32Array(count * DIMS);
  const rows = new Map<string, number>();
  for (let row = 0; row < count; row++) {
    rows.set(words[row]!, row);
    let norm = 0;
    for (let d = 0; d < DIMS; d++) norm += bytes[row * DIMS + d]! ** 2;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < DIMS; d++) vectors[row * DIMS + d] = bytes[row * DIMS + d]! * scale;
  }
  loaded = { dims: DIMS, rows, vectors };
  return loaded;
}
