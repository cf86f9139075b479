import { stemmer } from 'stemmer';
import { reasons } from './reasons.ts';
import type { Candidate } from './types.ts';

interface Word {
  text: string;
  start: number;
  end: number;
}

function words(text: string): Word[] {
  return [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => ({
    text: m[0].toLowerCase(),
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/** "NEXT_DAY", "next-day" and "Next day" are one option to a customer. */
function optionWords(option: string): string[] {
  return words(option.replace(/([a-z])([A-Z])/g, '$1 $2')).map((w) => w.text);
}

interface Hit {
  option: string;
  start: number;
  end: number;
  length: number;
}

/** Every place a sequence of option words appears, comparing words with `same`. */
function occurrences(text: Word[], options: string[], same: (a: string, b: string) => boolean): Hit[] {
  const hits: Hit[] = [];
  for (const option of options) {
    const ow = optionWords(option);
    if (ow.length === 0) continue;
    for (let i = 0; i + ow.length <= text.length; i++) {
      if (ow.every((w, k) => same(text[i + k]!.text, w))) {
        hits.push({ option, start: text[i]!.start, end: text[i + ow.length - 1]!.end, length: ow.length });
      }
    }
  }
  // Where options overlap ("large" inside "extra large") the longer reading wins.
  hits.sort((a, b) => a.start - b.start || b.length - a.length);
  const kept: Hit[] = [];
  for (const h of hits) {
    const clash = kept.find((k) => h.start < k.end && k.start < h.end);
    if (!clash) kept.push(h);
  }
  return kept;
}

const stem = (w: string) => stemmer(w);

/**
 * The allowed values a reply names, matched case-insensitively, then by word stem ("larges" → large),
 * then by unique prefix ("med" → medium). Returns the canonical option spellings.
 */
export function matchEnum(text: string, options: string[]): { candidates: Candidate[]; none: string } {
  const none = reasons.enumNone(options);
  const tw = words(text);
  const toCandidates = (hits: Hit[]): Candidate[] =>
    hits.map((h) => ({ start: h.start, end: h.end, value: h.option }));
  const exact = occurrences(tw, options, (a, b) => a === b);
  if (exact.length > 0) return { candidates: toCandidates(exact), none };
  const stemmed = occurrences(tw, options, (a, b) => stem(a) === stem(b));
  if (stemmed.length > 0) return { candidates: toCandidates(stemmed), none };
  // Prefixes: short replies only, so that ordinary words in a sentence do not pick an option.
  const candidates: Candidate[] = [];
  for (const w of tw) {
    if (w.text.length < 2 || (w.text.length < 3 && tw.length > 1)) continue;
    const matching = options.filter((o) => optionWords(o).join(' ').startsWith(w.text));
    if (matching.length === 1) candidates.push({ start: w.start, end: w.end, value: matching[0]! });
    else if (matching.length > 1 && tw.length === 1) {
      candidates.push({ start: w.start, end: w.end, invalid: reasons.enumAmbiguous(matching) });
    }
  }
  if (candidates.length > 0 && tw.length <= 3) return { candidates, none };
  return { candidates: [], none };
}
