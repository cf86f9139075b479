import { conceptStems, isConcept } from './concepts.ts';
import { alternativesOf, SYNONYM_QUALITY } from './synonyms.ts';
import { textTerms } from './terms.ts';
import type { Passage } from './types.ts';

/**
 * Normalised relevance: how much of a question's weight a passage covers, in [0, 1].
 *
 * BM25 scores (what MiniSearch ranks by) grow with corpus statistics and query length, so a
 * fixed threshold on them means different things for different accounts. Here every query
 * term has a weight (its IDF in this corpus) and a strength of match in the passage, and the
 * relevance is the weighted mean strength — 1 would be every term matching exactly in an FAQ
 * question, the best possible place. The strengths encode "aboutness": a term in a question or
 * heading says the passage is about it; one term mentioned in passing in body text does not
 * (that is how "where is my order?" would otherwise hit a returns policy that says "order").
 */

export interface PassageTerms {
  question: ReadonlySet<string>;
  heading: ReadonlySet<string>;
  title: ReadonlySet<string>;
  text: ReadonlySet<string>;
}

const STRENGTH = { question: 1, heading: 0.85, title: 0.7 } as const;
// Body text: weak alone, stronger as more distinct query terms co-occur in the same passage.
const BODY_BASE = 0.35;
const BODY_PER_EXTRA_TERM = 0.15;
const BODY_MAX = 0.65;
// Terms the corpus has never seen count as much as the strongest seen term: they may be phrasing
// ("shoes" in "can I return shoes"), but more often they are the real subject the content does
// not cover ("bitcoin" in "can I pay with bitcoin?"), and an answer about paying in general would
// cite something unrelated. Measured on bench/knowledge: 3/4 declined 76 % of unanswerable
// questions, 1 declines 82 % for one recall@1 point (BENCHMARKS.md).
const UNSEEN_WEIGHT_FACTOR = 1;
const CONCEPT_WEIGHT_FACTOR = 0.5;

export function passageTerms(passage: Passage): PassageTerms {
  return {
    question: new Set(textTerms(passage.question ?? '')),
    heading: new Set(textTerms(passage.heading)),
    title: new Set(textTerms(passage.sourceTitle)),
    text: new Set(textTerms(passage.text)),
  };
}

/** One substitution, insertion, deletion or adjacent transposition apart. */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length > b.length) return a.slice(i + 1) === b.slice(i);
  if (a.length < b.length) return a.slice(i) === b.slice(i + 1);
  const substituted = a.slice(i + 1) === b.slice(i + 1);
  const transposed = a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  return substituted || transposed;
}

/**
 * How well a (stemmed) query term matches a set of (stemmed) terms: 1 exact; 0.85 when one is a
 * prefix of the other (stems of one word family: "deliveri"/"deliv"); 0.75 for a one-letter typo
 * or transposition in words of five letters or more; else 0.
 */
export function matchQuality(term: string, terms: ReadonlySet<string>): number {
  if (term.includes('|')) {
    const [own, ...synonyms] = alternativesOf(term);
    let best = matchQuality(own!, terms);
    for (const s of synonyms) best = Math.max(best, SYNONYM_QUALITY * matchQuality(s, terms));
    return best;
  }
  if (isConcept(term)) {
    for (const stem of conceptStems(term)) if (terms.has(stem)) return 1;
    return 0;
  }
  if (terms.has(term)) return 1;
  let best = 0;
  for (const t of terms) {
    const shorter = t.length < term.length ? t : term;
    const longer = shorter === t ? term : t;
    if (shorter.length >= 4 && longer.startsWith(shorter)) return 0.85;
    if (best === 0 && term.length >= 5 && t.length >= 5 && withinOneEdit(term, t)) best = 0.75;
  }
  return best;
}

/**
 * IDF of each query term; `documentFrequency` counts passages matching it (with typos/prefixes).
 * A concept weighs half the mean content-term weight: it ranks passages, it is not the topic.
 */
export function termWeights(
  terms: readonly string[],
  passageCount: number,
  documentFrequency: (term: string) => number,
): number[] {
  const idf = terms.map((term) => {
    if (isConcept(term)) return 0;
    const df = documentFrequency(term);
    return df === 0 ? 0 : Math.log(1 + (passageCount - df + 0.5) / (df + 0.5));
  });
  const maxSeen = Math.max(0, ...idf);
  const content = terms.map((term, i) => (isConcept(term) ? 0 : idf[i] || maxSeen * UNSEEN_WEIGHT_FACTOR));
  const contentCount = terms.filter((t) => !isConcept(t)).length;
  const mean = contentCount === 0 ? 0 : content.reduce((a, b) => a + b, 0) / contentCount;
  return terms.map((term, i) => (isConcept(term) ? mean * CONCEPT_WEIGHT_FACTOR : content[i]!));
}

export function relevance(
  terms: readonly string[],
  weights: readonly number[],
  passage: PassageTerms,
): number {
  const total = weights.reduce((a, b) => a + b, 0);
  if (total <= 0) return 0;
  const inText = terms.map((term) => matchQuality(term, passage.text));
  const coOccurring = inText.filter((q) => q > 0).length;
  const body = Math.min(BODY_MAX, BODY_BASE + BODY_PER_EXTRA_TERM * Math.max(0, coOccurring - 1));
  let covered = 0;
  terms.forEach((term, i) => {
    const strength = Math.max(
      STRENGTH.question * matchQuality(term, passage.question),
      STRENGTH.heading * matchQuality(term, passage.heading),
      STRENGTH.title * matchQuality(term, passage.title),
      body * inText[i]!,
    );
    covered += weights[i]! * strength;
  });
  return covered / total;
}
