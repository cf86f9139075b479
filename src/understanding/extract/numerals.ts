import type { Found } from './types.ts';

export interface Numeral {
  value: number;
  /** Written without a fractional part: "3" is, "3.0" and "3.5" are not (spec §B2: 3.0 is not an integer). */
  whole: boolean;
  /** Other readings when the digits alone cannot settle it ("10.000" with no locale: 10 or 10,000). */
  readings?: number[];
}

const SCALE: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mn: 1e6,
  million: 1e6,
  bn: 1e9,
  billion: 1e9,
};
// "5k", "1.5k", "2 thousand", "1.5 million", "3 and a half": words that scale the digits before them.
// A bare "m" only counts glued to the digits ("2m"), "2 m" is more likely metres.
const SUFFIX =
  /^(?:(k|mn|bn|m)(?![\p{L}\p{N}])|\s*(k|thousand|million|billion|mn|bn)(?![\p{L}\p{N}])|\s+and\s+a\s+half(?![\p{L}]))/iu;

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
  // Digits grouped by spaces ("10 000", thin and no-break spaces too) — but not a run of groups that
  // reads like a phone number ("415 555 0100").
  const pattern =
    /(?<![\p{L}\p{N}_])(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![ \u00a0\u202f]?\p{N})|\d+(?:[.,'\u2019]\d+)*)(?!\p{N})/gu;
  for (const m of text.matchAll(pattern)) {
    const raw = m[0].replace(/[ \u00a0\u202f]/g, '');
    let end = m.index + m[0].length;
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
      const scaled = scale(parsed, text.slice(end));
      end += scaled.length;
      const value: Numeral = { value: sign * scaled.value.value, whole: scaled.value.whole };
      // Only the unscaled digits can be read two ways; "10.000k" is no one's number.
      if (parsed.readings && scaled.length === 0 && locale === undefined)
        value.readings = parsed.readings.map((r) => sign * r);
      found.push({ value, start, end });
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

/** Applies a scale word right after the digits; `length` is how many characters it took. */
function scale(n: Numeral, after: string): { value: Numeral; length: number } {
  const m = SUFFIX.exec(after);
  if (!m) return { value: n, length: 0 };
  const word = (m[1] ?? m[2])?.toLowerCase();
  // Round away binary noise: 1.1 × 1000 is 1100, not 1100.0000000000002.
  const exact = (x: number) => Math.round(x * 1e6) / 1e6;
  const value = word ? exact(n.value * SCALE[word]!) : n.value + 0.5;
  return { value: { value, whole: Number.isInteger(value) }, length: m[0].length };
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
    // A dot before exactly three digits ("10.000") is a decimal mark in English and a thousands
    // separator in German; both readings are kept so that, with no locale, the engine can ask.
    if (last === '.' && !decimalComma && grouped(groups)) {
      const decimal = Number(`${int}.${frac}`);
      return { value: decimal, whole: false, readings: [decimal, Number(int + frac)] };
    }
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
