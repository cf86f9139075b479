import { type FullMatcher, tryFullMatcher } from '../../shared/linear-regex.ts';
import { reasons } from './reasons.ts';
import type { Candidate } from './types.ts';

const OPENERS = '#([{"\'\u201c\u2018<';
const MAX_WORDS = 6;
const CLOSERS = '.,;:!?)]}"\'\u201d\u2019>';

/**
 * Compiles an input's pattern so that it must match a whole value, or null when it is not a
 * valid pattern. Linear-time (RE2): this runs on customers' words, up to MAX_WORDS
 * candidate spans per word.
 */
export function anchored(pattern: string): FullMatcher | null {
  return tryFullMatcher(pattern);
}

/**
 * Substrings that match the pattern as a whole, earliest first and longest first at one place:
 * "my order is #1234." with \d{4} gives "1234". Candidates are runs of whole words with surrounding
 * punctuation peeled off one character at a time, so "12345" never yields "1234".
 */
export function findPatternMatches(text: string, pattern: string): { candidates: Candidate[]; none: string } {
  const re = anchored(pattern);
  if (!re) return { candidates: [], none: reasons.patternBroken };
  const tokens = [...text.matchAll(/\S+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const found: Candidate[] = [];
  let after = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.start < after) continue;
    const hit = longestAt(text, tokens, i, re);
    if (hit) {
      found.push({ ...hit, value: text.slice(hit.start, hit.end) });
      after = hit.end;
    }
  }
  return { candidates: found, none: reasons.pattern };
}

function longestAt(
  text: string,
  tokens: Array<{ start: number; end: number }>,
  i: number,
  re: FullMatcher,
): { start: number; end: number } | null {
  const start0 = tokens[i]!.start;
  // Values worth a pattern (ids, codes, postcodes) run to a few words at most.
  for (let j = Math.min(tokens.length - 1, i + MAX_WORDS - 1); j >= i; j--) {
    let start = start0;
    const end0 = tokens[j]!.end;
    // Peel openers from the left, and for each, closers from the right.
    for (;;) {
      let end = end0;
      for (;;) {
        if (end > start && re.test(text.slice(start, end))) return { start, end };
        if (end - 1 > start && CLOSERS.includes(text[end - 1]!)) end--;
        else break;
      }
      if (start + 1 < end0 && OPENERS.includes(text[start]!)) start++;
      else break;
    }
  }
  return null;
}
