import { findNumberWords } from './number-words.ts';
import { findNumerals } from './numerals.ts';
import { reasons } from './reasons.ts';
import type { Candidate, Finder } from './types.ts';

/** "10.000" with no locale: ten or ten thousand — the customer says which. */
export function ambiguousNumber(readings: number[]): { invalid: string; ambiguous: number[] } {
  return { invalid: reasons.numberAmbiguous(readings), ambiguous: readings };
}

/**
 * Whole numbers from digits or words. A number written with a fractional part ("3.0", "3.5") is
 * refused rather than rounded: the spec enforces types strictly, and quietly turning 3.5 people
 * into 3 would be worse than asking again.
 */
export const findIntegers: Finder = (text, ctx) => {
  const candidates: Candidate[] = [];
  for (const n of findNumerals(text, ctx.locale)) {
    const { start, end } = n;
    if (n.value.readings) candidates.push({ start, end, ...ambiguousNumber(n.value.readings) });
    else if (!n.value.whole)
      candidates.push({ start, end, invalid: reasons.notWhole(text.slice(start, end)) });
    else if (!Number.isSafeInteger(n.value.value)) candidates.push({ start, end, invalid: reasons.tooLarge });
    else candidates.push({ start, end, value: n.value.value });
  }
  for (const w of findNumberWords(text)) {
    const { start, end, value } = w;
    if (Number.isInteger(value)) candidates.push({ start, end, value });
    else candidates.push({ start, end, invalid: reasons.notWhole(text.slice(start, end)) });
  }
  candidates.sort((a, b) => a.start - b.start);
  return { candidates, none: reasons.integer };
};
