import { ambiguousNumber } from './integer.ts';
import { findNumberWords } from './number-words.ts';
import { findNumerals } from './numerals.ts';
import { reasons } from './reasons.ts';
import type { Candidate, Finder } from './types.ts';

/** Numbers with or without a fractional part: "12.50", "12,50", "$12.50", "1,234.5", "twelve". */
export const findDecimals: Finder = (text, ctx) => {
  const candidates: Candidate[] = [];
  for (const n of findNumerals(text, ctx.locale)) {
    if (n.value.readings)
      candidates.push({ start: n.start, end: n.end, ...ambiguousNumber(n.value.readings) });
    else if (Number.isFinite(n.value.value))
      candidates.push({ start: n.start, end: n.end, value: n.value.value });
  }
  for (const w of findNumberWords(text)) candidates.push({ start: w.start, end: w.end, value: w.value });
  candidates.sort((a, b) => a.start - b.start);
  return { candidates, none: reasons.decimal };
};
