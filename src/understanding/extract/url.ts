import { reasons } from './reasons.ts';
import type { Candidate, Finder } from './types.ts';

const SCHEMED = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const BARE =
  /(?<![\w@./-])(?:www\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?::\d{2,5})?(?:\/[^\s<>"'`]*)?(?![\w@-])/gi;

/**
 * Web addresses. One written without a scheme ("example.com/help") gets https:// so that what an
 * action receives is an absolute URL it can use.
 */
export const findUrls: Finder = (text) => {
  const candidates: Candidate[] = [];
  const taken: Array<[number, number]> = [];
  for (const m of text.matchAll(SCHEMED)) {
    const raw = trimTail(m[0]);
    const value = normalize(raw);
    if (value) {
      candidates.push({ start: m.index, end: m.index + raw.length, value });
      taken.push([m.index, m.index + m[0].length]);
    }
  }
  for (const m of text.matchAll(BARE)) {
    if (taken.some(([s, e]) => m.index < e && s < m.index + m[0].length)) continue;
    const raw = trimTail(m[0]);
    // "e.g" or "i.e" are not addresses: require a known-looking final label of two or more letters.
    if (!/\.[a-z]{2,63}(?::\d+)?(?:\/|$)/i.test(raw)) continue;
    const value = normalize(`https://${raw}`);
    if (value) candidates.push({ start: m.index, end: m.index + raw.length, value });
  }
  candidates.sort((a, b) => a.start - b.start);
  return { candidates, none: reasons.url };
};

/** Sentence punctuation after a link is not part of it; a closing bracket is only when it was opened. */
function trimTail(raw: string): string {
  let s = raw.replace(/[.,;:!?'"]+$/, '');
  while (s.endsWith(')') && (s.match(/\(/g) ?? []).length < (s.match(/\)/g) ?? []).length) {
    s = s.slice(0, -1).replace(/[.,;:!?'"]+$/, '');
  }
  return s;
}

function normalize(raw: string): string | null {
  try {
    const url = new URL(raw);
    if (!url.hostname.includes('.') && url.hostname !== 'localhost') return null;
    return raw.replace(
      /^(https?):\/\/([^/?#]+)/i,
      (_all, scheme: string, host: string) => `${scheme.toLowerCase()}://${host.toLowerCase()}`,
    );
  } catch {
    return null;
  }
}
