import { matchQuality } from './relevance.ts';
import { joinSentences, type Sentence, splitSentences } from './sentences.ts';
import { textTerms } from './terms.ts';

export const MAX_ANSWER_SENTENCES = 3;
// A procedure announced with ':' is worth more whole than cut at three sentences.
const MAX_ANNOUNCED_ITEMS = 6;
const MAX_ANSWER_WORDS = 80;
const INTRO_WORDS = 40;

function coverage(
  window: readonly Set<string>[],
  terms: readonly string[],
  weights: readonly number[],
): number {
  return terms.reduce((sum, term, i) => {
    const best = Math.max(0, ...window.map((s) => matchQuality(term, s)));
    return sum + best * weights[i]!;
  }, 0);
}

function wordCount(sentences: readonly Sentence[]): number {
  return sentences.reduce((n, s) => n + s.words, 0);
}

function truncateWords(text: string, max: number): string {
  const words = text.split(/\s+/);
  return words.length <= max ? text : `${words.slice(0, max).join(' ')}…`;
}

/**
 * The best 1–3 consecutive sentences of a passage for a question: the window covering the most
 * query weight, preferring fewer sentences, then the earlier window. A window ending in ':'
 * ("To return an item:") also takes what it announces, the following sentences or list items.
 * When no sentence mentions a query term (the passage matched on its heading or title), the
 * opening is used.
 */
export function extractAnswer(text: string, terms: readonly string[], weights: readonly number[]): string {
  const sentences = splitSentences(text);
  if (sentences.length === 0) return '';
  const termSets = sentences.map((s) => new Set(textTerms(s.text)));
  let best = { start: 0, length: 0, score: 0 };
  for (let length = 1; length <= MAX_ANSWER_SENTENCES; length++) {
    for (let start = 0; start + length <= sentences.length; start++) {
      if (length > 1 && wordCount(sentences.slice(start, start + length)) > MAX_ANSWER_WORDS) continue;
      const score = coverage(termSets.slice(start, start + length), terms, weights);
      if (score > best.score + 1e-9) best = { start, length, score };
    }
  }
  let chosen: Sentence[];
  if (best.length === 0) {
    chosen = [];
    for (const s of sentences) {
      if (
        chosen.length >= MAX_ANSWER_SENTENCES ||
        (chosen.length > 0 && wordCount(chosen) + s.words > INTRO_WORDS)
      )
        break;
      chosen.push(s);
    }
  } else {
    chosen = sentences.slice(best.start, best.start + best.length);
    if (chosen.at(-1)!.text.endsWith(':')) {
      for (const next of sentences.slice(best.start + best.length)) {
        if (chosen.length >= MAX_ANNOUNCED_ITEMS || wordCount(chosen) + next.words > MAX_ANSWER_WORDS) break;
        chosen.push(next);
      }
    }
  }
  return truncateWords(joinSentences(chosen), MAX_ANSWER_WORDS);
}
