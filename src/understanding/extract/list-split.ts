import type { Found } from './types.ts';

const SEPARATOR = /\s*(?:[,;\u2022]|\n\s*(?:[-*]\s+)?|\s(?:and|or|&|plus)\s)\s*|^\s*[-*]\s+/gi;
const LEADING_JOIN = /^(?:and|or|&|plus)\s+/i;

/** The items of a typed list: "red, green and blue", "a; b", one per line, Oxford comma or not. */
export function splitList(text: string): Found<string>[] {
  const items: Found<string>[] = [];
  let from = 0;
  const push = (start: number, end: number) => {
    let s = start;
    let raw = text.slice(start, end);
    const lead = LEADING_JOIN.exec(raw.trimStart());
    const indent = raw.length - raw.trimStart().length;
    s += indent;
    raw = raw.trimStart();
    if (lead) {
      s += lead[0].length;
      raw = raw.slice(lead[0].length);
    }
    const value = raw.replace(/[\s.!?]+$/, '');
    if (value.length > 0) items.push({ value, start: s, end: s + value.length });
  };
  for (const m of text.matchAll(SEPARATOR)) {
    push(from, m.index);
    from = m.index + m[0].length;
  }
  push(from, text.length);
  return items;
}
