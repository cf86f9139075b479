import { stemmer } from 'stemmer';
import { questionConcepts } from './concepts.ts';
import { HOW_COMPLEMENTS, STOP_WORDS } from './stopwords.ts';

const MAX_TERM_LENGTH = 40;

/**
 * Splits text into raw words. Apostrophes inside words are removed first so "don't" and
 * "customer's" stay one word (and "dont" can be a stop word) instead of leaking "t" and "s".
 */
export function tokenize(text: string): string[] {
  return text
    .replace(/(\p{L})['’](\p{L})/gu, '$1$2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t !== '');
}

/** Lower-cases and strips diacritics so "Café" and "cafe" are the same word. */
export function foldWord(word: string): string {
  return word
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '');
}

/**
 * The index's term pipeline: fold, drop stop words and noise, Porter-stem. Returns null for
 * words that are not indexed. Used for both documents and queries so they always agree.
 */
export function processTerm(word: string): string | null {
  const folded = foldWord(word);
  if (folded.length > MAX_TERM_LENGTH || STOP_WORDS.has(folded)) return null;
  if (folded.length < 2 && !/^\p{N}$/u.test(folded)) return null;
  return /^[a-z]+$/.test(folded) ? stemmer(folded) : folded;
}

/** Every indexed term of a text, in order, with repeats (for term frequency). */
export function textTerms(text: string): string[] {
  const out: string[] = [];
  for (const word of tokenize(text)) {
    const term = processTerm(word);
    if (term !== null) out.push(term);
  }
  return out;
}

/**
 * The distinct content terms of a customer question, in order of appearance, followed by the
 * concepts it asks for (see concepts.ts), e.g. "How long is delivery?" → ['deliveri', '#time'].
 */
export function queryTerms(question: string): string[] {
  const words = tokenize(question).map(foldWord);
  const out: string[] = [];
  words.forEach((word, i) => {
    if (i > 0 && words[i - 1] === 'how' && HOW_COMPLEMENTS.has(word)) return;
    const term = processTerm(word);
    if (term !== null && !out.includes(term)) out.push(term);
  });
  return [...out, ...questionConcepts(words)];
}
