import { joinSentences, type Sentence, splitSentences } from './sentences.ts';
import type { ParsedSection, Passage } from './types.ts';

export interface ChunkOptions {
  /** A section's last passage shorter than this is merged into the previous one when it fits. */
  minWords?: number;
  /** Hard upper bound on a passage's length in words. */
  maxWords?: number;
}

const DEFAULT_MIN_WORDS = 80;
const DEFAULT_MAX_WORDS = 200;
// Groups aim at no more than 85% of the bound: sentences come in whole pieces, and a target at
// the bound itself would make groups fall short one by one and leave a stub at the end.
const FILL = 0.85;

/** A sentence longer than the bound is cut at word boundaries; nothing else ever is. */
function boundSentence(s: Sentence, maxWords: number): Sentence[] {
  if (s.words <= maxWords) return [s];
  const words = s.text.split(/\s+/);
  const out: Sentence[] = [];
  for (let i = 0; i < words.length; i += maxWords) {
    const part = words.slice(i, i + maxWords);
    out.push({
      text: part.join(' '),
      words: part.length,
      blockEnd: i + maxWords >= words.length && s.blockEnd,
    });
  }
  return out;
}

function sum(sentences: readonly Sentence[]): number {
  return sentences.reduce((n, s) => n + s.words, 0);
}

/**
 * Packs one section's sentences into groups of about equal size: the section needs
 * n = ceil(total / (max × FILL)) passages, and each group ends at the sentence boundary closest to its
 * fair share of what is left, so 210 words become 105 + 105 rather than 200 + 10. A group never
 * exceeds `maxWords`; a short tail is merged back when it fits.
 */
function packSection(sentences: readonly Sentence[], minWords: number, maxWords: number): Sentence[][] {
  const passages = Math.max(1, Math.ceil(sum(sentences) / (maxWords * FILL)));
  const groups: Sentence[][] = [];
  let remaining = sum(sentences);
  let current: Sentence[] = [];
  let words = 0;
  for (const s of sentences) {
    const left = passages - groups.length;
    const target = remaining / Math.max(1, left);
    const overflows = words + s.words > maxWords;
    const overshoots = left > 1 && words + s.words - target > target - words;
    if (words > 0 && (overflows || overshoots)) {
      groups.push(current);
      remaining -= words;
      current = [];
      words = 0;
    }
    current.push(s);
    words += s.words;
  }
  if (current.length > 0) groups.push(current);
  const last = groups.at(-1);
  const previous = groups.at(-2);
  if (last && previous && sum(last) < minWords && sum(previous) + sum(last) <= maxWords) {
    groups.splice(-2, 2, [...previous, ...last]);
  }
  return groups;
}

/**
 * Turns a parsed document's sections into passages of bounded length, split only at sentence
 * boundaries and never across sections, so every passage cites exactly one heading/anchor.
 */
export function chunkSections(
  source: { id: string; title: string },
  sections: readonly ParsedSection[],
  options: ChunkOptions = {},
): Passage[] {
  const maxWords = options.maxWords ?? DEFAULT_MAX_WORDS;
  const minWords = Math.min(options.minWords ?? DEFAULT_MIN_WORDS, maxWords);
  const passages: Passage[] = [];
  for (const section of sections) {
    const sentences = splitSentences(section.text).flatMap((s) => boundSentence(s, maxWords));
    for (const group of packSection(sentences, minWords, maxWords)) {
      passages.push({
        sourceId: source.id,
        sourceTitle: source.title,
        heading: section.heading,
        anchor: section.anchor,
        text: joinSentences(group),
      });
    }
  }
  return passages;
}
