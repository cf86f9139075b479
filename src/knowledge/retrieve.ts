import { isConcept } from './concepts.ts';
import { extractAnswer } from './extract.ts';
import type { KnowledgeIndex } from './index.ts';
import { relevance, termWeights } from './relevance.ts';
import { alternativesOf, rewritePhrases, withSynonyms } from './synonyms.ts';
import { queryTerms } from './terms.ts';
import type { Citation, KnowledgeAnswer } from './types.ts';

export interface AnswerOptions {
  /** Normalised relevance below which there is no answer (the agent says it can't help). */
  minScore?: number;
  /** Normalised relevance from which the answer is `confidence: 'high'`. */
  highScore?: number;
}

export const DEFAULT_MIN_SCORE = 0.4;
export const DEFAULT_HIGH_SCORE = 0.65;
// MiniSearch's BM25 only proposes candidates; the normalised relevance decides among them.
const CANDIDATES = 50;
// A pasted essay is not a question; its first terms are enough and keep the cost bounded.
const MAX_QUERY_TERMS = 32;

const round = (n: number) => Math.round(n * 1000) / 1000;

export interface RankedPassage {
  /** Position in `KnowledgeIndex.passages`. */
  position: number;
  /** Normalised relevance in [0, 1]. */
  relevance: number;
}

interface Ranking {
  terms: string[];
  weights: number[];
  ranked: RankedPassage[];
}

function rankAll(index: KnowledgeIndex, question: string): Ranking {
  const terms = withSynonyms(queryTerms(rewritePhrases(question.slice(0, 2000))).slice(0, MAX_QUERY_TERMS));
  // A concept alone ("how long?") names no topic, so it cannot find a passage by itself.
  const candidates = index.candidates(terms.filter((t) => !isConcept(t)).flatMap(alternativesOf), CANDIDATES);
  // A synonym group is as common as its most common member.
  const frequency = (t: string) => Math.max(...alternativesOf(t).map((a) => index.documentFrequency(a)));
  const weights = termWeights(terms, index.passages.length, frequency);
  const ranked = candidates
    .map((c) => ({ ...c, relevance: round(relevance(terms, weights, index.termsOf(c.position))) }))
    .sort((a, b) => b.relevance - a.relevance || b.score - a.score || a.position - b.position)
    .map(({ position, relevance }) => ({ position, relevance }));
  return { terms, weights, ranked };
}

/** The passages best matching a question, best first (no threshold): for benchmarks and tools. */
export function rankPassages(index: KnowledgeIndex, question: string, limit = 10): RankedPassage[] {
  return rankAll(index, question).ranked.slice(0, limit);
}

/**
 * Answers a customer question from the index: an FAQ entry's answer, or the best 1–3 sentences
 * of the best document passage, with its citation. Null when nothing is relevant enough, so the
 * agent can say it cannot help or hand off. Deterministic for a given index and question.
 */
export function answer(
  index: KnowledgeIndex,
  question: string,
  options: AnswerOptions = {},
): KnowledgeAnswer | null {
  const minScore = options.minScore ?? DEFAULT_MIN_SCORE;
  const highScore = Math.max(minScore, options.highScore ?? DEFAULT_HIGH_SCORE);
  const { terms, weights, ranked } = rankAll(index, question);
  const best = ranked[0];
  if (!best || best.relevance < minScore) return null;
  const passage = index.passages[best.position]!;
  const text = passage.kind === 'faq' ? passage.text : extractAnswer(passage.text, terms, weights);
  const citation: Citation = { sourceId: passage.sourceId, title: passage.sourceTitle, kind: passage.kind };
  if (passage.anchor !== '') citation.anchor = passage.anchor;
  if (passage.heading !== '') citation.section = passage.heading;
  if (passage.url !== undefined) {
    citation.url =
      passage.anchor !== '' ? `${passage.url}#${encodeURIComponent(passage.anchor)}` : passage.url;
  }
  return {
    answer: text,
    citation,
    score: best.relevance,
    confidence: best.relevance >= highScore ? 'high' : 'low',
  };
}
