import { PERSON, STOPWORDS, stem } from './text.ts';
import type { WordVectors } from './word-vectors.ts';

const PERSON_WEIGHT = 0.75;

/** A sparse feature bag: feature name → weight. */
export type Bag = Map<string, number>;

export interface LexicalWeights {
  /** stem bigrams: word order ("top up" vs "up top") and short phrases */
  bigram: number;
  /** character n-grams inside words: typos, inflections the stemmer misses, compounds */
  charGram: number;
  charMin: number;
  charMax: number;
}

/** Stems, stem bigrams and in-word character 3–5-grams of the content words, and pronoun marks. */
export function lexicalBag(tokens: readonly string[], weights: LexicalWeights): Bag {
  const bag: Bag = new Map();
  const content = tokens.filter((token) => !STOPWORDS.has(token));
  const stems = content.map(stem);
  for (const s of stems) bag.set(`w:${s}`, 1);
  if (weights.bigram > 0) {
    for (let i = 0; i + 1 < stems.length; i++) bag.set(`b:${stems[i]}_${stems[i + 1]}`, weights.bigram);
    // "my name" / "your name": the person of a pronoun joined to the content word right after it,
    // weighed a little above a bigram (at 1 it outweighs the content words of short messages).
    for (let i = 0; i + 1 < tokens.length; i++) {
      const person = PERSON.get(tokens[i]!);
      const next = tokens[i + 1]!;
      if (person && !STOPWORDS.has(next)) bag.set(`p:${person}_${stem(next)}`, PERSON_WEIGHT);
    }
  }
  if (weights.charGram > 0) {
    for (const word of content) {
      const padded = `<${word}>`;
      for (let n = weights.charMin; n <= weights.charMax; n++) {
        for (let i = 0; i + n <= padded.length; i++) bag.set(`c:${padded.slice(i, i + n)}`, weights.charGram);
      }
    }
  }
  return bag;
}

/**
 * Smooth inverse frequency weight (Arora et al. 2017) with the word's probability estimated from
 * its frequency rank by Zipf's law, so that no corpus counts need shipping.
 */
export function wordWeight(rank: number, sifA: number): number {
  const probability = 0.1 / (rank + 1);
  return sifA / (sifA + probability);
}

/** Frequency-weighted mean of the word vectors, unit length (all zeros when no word is known). */
export function sentenceVector(tokens: readonly string[], vectors: WordVectors, sifA: number): Float32Array {
  const { dims, rows } = vectors;
  const out = new Float32Array(dims);
  for (const token of tokens) {
    const row = rows.get(token);
    if (row === undefined) continue;
    const weight = wordWeight(row, sifA);
    const offset = row * dims;
    for (let d = 0; d < dims; d++) out[d]! += weight * vectors.vectors[offset + d]!;
  }
  return normalize(out);
}

export function normalize(vector: Float32Array): Float32Array {
  let norm = 0;
  for (let i = 0; i < vector.length; i++) norm += vector[i]! * vector[i]!;
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (let i = 0; i < vector.length; i++) vector[i]! *= scale;
  }
  return vector;
}
