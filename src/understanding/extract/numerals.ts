import type { Found } from './types.ts';

export interface Numeral {
  value: number;
  /** Written without a fractional part: "3" is, "3.0" and "3.5" are not (spec §B2: 3.0 is not an integer). */
  whole: boolean;
}

/** Languages that write 12,50 for twelve and a half and 1.234 for one thousand two hundred and thirty-four. */
const DECIMAL_COMMA = new Set([
  'de',
  'fr',
  'es',
  'it',
  'nl',
  'pt',
  'da',
  'sv',
  'nb',
  'no',
  'fi',
  'pl',
  'cs',
  'ru',
  'tr',
]);

function usesDecimalComma(locale: string | undefined): boolean {
  return DECIMAL_COMMA.has((locale ?? 'en').toLowerCase().split(/[-_]/)[0] ?? 'en');
}

/**
 * Numbers written with digits: "12", "-3", "1,234", "12.50", "12,50", "1.234,56", "$12.50".
 * A number glued to letters on its left ("A1234") is part of an identifier, not a number.
 */
export function findNumerals(text: string, locale?: string): Found<Numeral>[] {
  const decimalComma = usesDecimalComma(locale);
  const found: Found<Numeral>[] = [];
  for (const m of text.matchAll(/(?<![\p{L}\p{N}_])\d+(?:[.,'\u2019]\d+)*(?!\p{N})/gu)) {
    const raw = m[0];
    const end = m.index + raw.length;
    let start = m.index;
    let sign = 1;
    // A sign counts only when it stands apart from a preceding word: "2-3" is a range, not minus three.
    const prev = text[start - 1];
    if (
      prev !== undefined &&
      '-+\u2212'.includes(prev) &&
      (start === 1 || /[\s(:=]/.test(text[start - 2]!))
    ) {
      start -= 1;
      if (prev !== '+') sign = -1;
    }
    const parsed = interpret(raw, decimalComma);
    if (parsed) {
      found.push({ value: { value: sign * parsed.value, whole: parsed.whole }, start, end });
      continue;
    }
    // "1,2,3" is a list of numbers, not a malformed one.
    if (/^\d+(,\d+)+$/.test(raw)) {
      let offset = m.index;
      for (const part of raw.split(',')) {
        found.push({ value: { value: Number(part), whole: true }, start: offset, end: offset + part.length });
        offset += part.length + 1;
      }
    }
  }
  return found;
}

function interpret(raw: string, decimalComma: boolean): Numeral | null {
  const groups = raw.split(/[.,'\u2019]/);
  const seps = raw.match(/[.,'\u2019]/g) ?? [];
  if (seps.length === 0) return { value: Number(raw), whole: true };
  const last = seps[seps.length - 1]!;
  const grouped = (parts: string[]) =>
    parts[0]!.length <= 3 && parts[0] !== '0' && parts.slice(1).every((g) => g.length === 3);
  if (new Set(seps).size === 1) {
    if (seps.length > 1) {
      // "1,234,567" / "1.234.567" / "1'234'567": only ever digit grouping.
      return grouped(groups) ? { value: Number(groups.join('')), whole: true } : null;
    }
    const [int, frac] = groups as [string, string];
    if (last === (decimalComma ? ',' : '.')) return { value: Number(`${int}.${frac}`), whole: false };
    if (last === "'" || last === '\u2019')
      return grouped(groups) ? { value: Number(int + frac), whole: true } : null;
    // The locale's grouping mark: a thousands group when exactly three digits follow, otherwise a
    // decimal mark written the other way ("12,50" in an English sentence is still twelve fifty).
    if (grouped(groups)) return { value: Number(int + frac), whole: true };
    return { value: Number(`${int}.${frac}`), whole: false };
  }
  // Two kinds of separator: the last one is the decimal mark ("1,234.56", "1.234,56").
  const head = groups.slice(0, -1);
  if (!grouped(head) || seps.slice(0, -1).includes(last)) return null;
  return { value: Number(`${head.join('')}.${groups[groups.length - 1]}`), whole: false };
}
