import { reasons } from './reasons.ts';
import type { Candidate, Finder } from './types.ts';

const LOCAL = String.raw`[A-Za-z0-9!#$%&'*+/=?^_\`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_\`{|}~-]+)*`;
const DOMAIN = String.raw`(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}`;
const WRITTEN = new RegExp(String.raw`(?<![\w.+-])(${LOCAL})@(${DOMAIN})(?![\w-]|\.[A-Za-z0-9])`, 'g');
// Spoken or typed to dodge spam filters: "jane dot doe at example dot com".
const SPOKEN =
  /(?<![\w.])([a-z0-9]+(?:(?:\s+dot\s+|[._-])[a-z0-9]+)*)\s+(?:at|\(at\)|\[at\])\s+([a-z0-9-]+(?:\s+dot\s+[a-z0-9-]+)+)(?![\w])/gi;

/** Email addresses, with the domain lower-cased (domains are case-insensitive; the local part may not be). */
export const findEmails: Finder = (text) => {
  const candidates: Candidate[] = [];
  for (const m of text.matchAll(WRITTEN)) {
    candidates.push({ start: m.index, end: m.index + m[0].length, value: `${m[1]}@${m[2]!.toLowerCase()}` });
  }
  if (candidates.length === 0) {
    for (const m of text.matchAll(SPOKEN)) {
      const local = m[1]!.replace(/\s+dot\s+/gi, '.');
      const domain = m[2]!.replace(/\s+dot\s+/gi, '.').toLowerCase();
      if (!/\.[a-z]{2,63}$/.test(domain)) continue;
      candidates.push({ start: m.index, end: m.index + m[0].length, value: `${local}@${domain}` });
    }
  }
  return { candidates, none: reasons.email };
};
