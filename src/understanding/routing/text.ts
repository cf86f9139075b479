import { stemmer } from 'stemmer';

// Contractions are spelled out so that "hasn't" and "has not" share their tokens; negation
// often decides between two close actions ("card not working" vs "card working").
const CONTRACTIONS: [RegExp, string][] = [
  [/\bcan'?t\b/g, 'can not'],
  [/\bwon'?t\b/g, 'will not'],
  [/\bain'?t\b/g, 'is not'],
  [/\bshan'?t\b/g, 'shall not'],
  [/n't\b/g, ' not'],
  [/\b(did|does|do|has|have|had|is|are|was|were|could|would|should)nt\b/g, '$1 not'],
  [/'m\b/g, ' am'],
  [/'re\b/g, ' are'],
  [/'ve\b/g, ' have'],
  [/'ll\b/g, ' will'],
  [/'d\b/g, ' would'],
  [/\bim\b/g, 'i am'],
  [/\bive\b/g, 'i have'],
  [/'s\b/g, ''],
];

/** Lowercased words of a message, contractions spelled out, numbers kept as one token each. */
export function words(text: string): string[] {
  let s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'");
  for (const [pattern, replacement] of CONTRACTIONS) s = s.replace(pattern, replacement);
  return s.match(/[a-z]+|[0-9]+(?:[.,][0-9]+)*/g) ?? [];
}

const stemCache = new Map<string, string>();

export function stem(word: string): string {
  let out = stemCache.get(word);
  if (out === undefined) {
    out = /^[0-9]/.test(word) ? '#num' : stemmer(word);
    if (stemCache.size < 200_000) stemCache.set(word, out);
  }
  return out;
}

/**
 * Whose thing it is: "my name" (change the customer's name) and "your name" (who the assistant is)
 * differ only in the pronoun. Pronouns stay out of the word features below, where they would
 * only add noise to every phrase; instead each one marks the word after it (see lexicalBag).
 */
export const PERSON: ReadonlyMap<string, string> = new Map([
  ...['i', 'me', 'my', 'mine', 'myself', 'we', 'us', 'our', 'ours'].map((w) => [w, '1'] as const),
  ...['you', 'your', 'yours', 'yourself'].map((w) => [w, '2'] as const),
]);

/**
 * Function words carry almost no routing signal but dominate short messages; they are kept out of
 * the lexical features (the word vectors down-weight them separately by frequency).
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but if then so than that this these those there here of to in on at by for with ' +
    'from as into onto about over under up down out off i me my mine myself we us our you your yours ' +
    'he him his she her it its they them their is am are was were be been being do does did doing ' +
    'have has had having will would shall should can could may might must just also very too really ' +
    'please thanks thank hi hello hey ok okay some any all each every which who whom whose'
  ).split(' '),
);
