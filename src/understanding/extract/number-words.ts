import type { Found } from './types.ts';

const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
};

const TEENS: Record<string, number> = {
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};

const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fourty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

const SCALES: Record<string, number> = { thousand: 1_000, million: 1_000_000, billion: 1_000_000_000 };

const DETERMINERS = new Set([
  'this',
  'that',
  'which',
  'any',
  'each',
  'every',
  'no',
  'the',
  'another',
  'some',
  'other',
  'one',
  'a',
]);

type Kind = 'start' | 'unit' | 'teen' | 'tens' | 'hundred' | 'scale' | 'dozen';

interface Token {
  word: string;
  start: number;
  end: number;
}

/**
 * Spelled-out whole numbers in a text: "twelve", "twenty-one", "one hundred and five", "a dozen",
 * "half a dozen", and "one and a half" (1.5). Two number words that cannot belong to one number ("five six") are two numbers.
 */
export function findNumberWords(text: string): Found<number>[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(/[A-Za-z]+/g)) {
    tokens.push({ word: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
  }
  const found: Found<number>[] = [];
  let i = 0;
  while (i < tokens.length) {
    const parsed = parseAt(tokens, i, text);
    // "this one", "which one": a pronoun, not the number 1.
    const pronoun =
      parsed?.next === i + 1 && tokens[i]!.word === 'one' && DETERMINERS.has(tokens[i - 1]?.word ?? '');
    if (parsed && !pronoun) {
      // "one and a half", "two and a half thousand" is beyond this: only the plain half is added.
      const half = /^\s+and\s+a\s+half(?![A-Za-z])/i.exec(text.slice(parsed.found.end));
      if (half) {
        parsed.found.value += 0.5;
        parsed.found.end += half[0].length;
        while (i < tokens.length && tokens[i]!.start < parsed.found.end) i++;
        parsed.next = Math.max(parsed.next, i);
      }
      found.push(parsed.found);
      i = parsed.next;
    } else {
      i++;
    }
  }
  return found;
}

function parseAt(tokens: Token[], from: number, text: string): { found: Found<number>; next: number } | null {
  let i = from;
  let start = tokens[i]!.start;
  // "a hundred", "a dozen", "half a dozen": the article belongs to the number.
  let article = false;
  if (tokens[i]!.word === 'half' && tokens[i + 1]?.word === 'a' && tokens[i + 2]?.word === 'dozen') {
    return { found: { value: 6, start, end: tokens[i + 2]!.end }, next: i + 3 };
  }
  if (tokens[i]!.word === 'a' && ['hundred', 'thousand', 'dozen'].includes(tokens[i + 1]?.word ?? '')) {
    article = true;
    i++;
  }
  let total = 0;
  let current = 0;
  let kind: Kind = article ? 'unit' : 'start';
  if (article) current = 1;
  let end = -1;
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (end >= 0 && !joinable(text.slice(end, t.start))) break;
    const w = t.word;
    if (w === 'and' && (kind === 'hundred' || kind === 'scale') && i + 1 < tokens.length) {
      const next = tokens[i + 1]!.word;
      if (next in UNITS || next in TEENS || next in TENS) {
        end = t.end;
        i++;
        continue;
      }
      break;
    }
    if (w in UNITS) {
      if (kind === 'unit' || kind === 'teen' || kind === 'dozen') break;
      current += UNITS[w]!;
      kind = 'unit';
    } else if (w in TEENS) {
      if (kind === 'unit' || kind === 'teen' || kind === 'tens' || kind === 'dozen') break;
      current += TEENS[w]!;
      kind = 'teen';
    } else if (w in TENS) {
      if (kind === 'unit' || kind === 'teen' || kind === 'tens' || kind === 'dozen') break;
      current += TENS[w]!;
      kind = 'tens';
    } else if (w === 'hundred') {
      if (kind === 'start' || kind === 'hundred' || kind === 'scale' || kind === 'dozen' || current >= 100)
        break;
      current *= 100;
      kind = 'hundred';
    } else if (w in SCALES) {
      if (kind === 'start' || kind === 'scale' || kind === 'dozen') break;
      total += current * SCALES[w]!;
      current = 0;
      kind = 'scale';
    } else if (w === 'dozen') {
      if (kind !== 'unit' || current > 9) break;
      current *= 12;
      kind = 'dozen';
    } else {
      break;
    }
    end = t.end;
    i++;
  }
  if (end < 0) return null;
  if (article && kind === 'unit') return null;
  start = article ? tokens[from]!.start : start;
  return { found: { value: total + current, start, end }, next: i };
}

/** Words of one number may be separated by spaces or a hyphen ("twenty-one"), nothing else. */
function joinable(gap: string): boolean {
  return /^(\s+|-|\s*-\s*)$/.test(gap);
}

/** The value of a text that is exactly one spelled-out number, e.g. "Twenty-one" → 21. */
export function parseNumberWords(text: string): number | null {
  const trimmed = text.trim();
  const all = findNumberWords(trimmed);
  if (all.length !== 1) return null;
  const only = all[0]!;
  return only.start === 0 && only.end === trimmed.length ? only.value : null;
}
