/**
 * How a reply is cut into SMS messages (E1). A message is carried in segments: 160 GSM-7
 * characters alone or 153 each when concatenated; any character outside GSM-7 makes the
 * whole message UCS-2, 70 alone or 67 each (UTF-16 units, so an emoji takes two). A reply
 * longer than a few segments is sent as several messages, cut at sentence ends, else at
 * spaces, else between characters — never inside a surrogate pair. Pure.
 */
export type SmsEncoding = 'GSM-7' | 'UCS-2';

/** Most segments one message may take; more and carriers deliver it late or in pieces. */
export const MAX_SEGMENTS = 3;

const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
/** Characters GSM-7 sends through its escape: each counts twice. */
const GSM_EXTENSION = new Set('^{}\\[~]|€\f');

const LIMITS = {
  'GSM-7': { single: 160, multi: 153 },
  'UCS-2': { single: 70, multi: 67 },
} as const;

export function encodingOf(text: string): SmsEncoding {
  for (const ch of text) if (!GSM_BASIC.has(ch) && !GSM_EXTENSION.has(ch)) return 'UCS-2';
  return 'GSM-7';
}

/** Length in the encoding's units: septets for GSM-7, UTF-16 code units for UCS-2. */
export function unitsOf(text: string, encoding: SmsEncoding = encodingOf(text)): number {
  if (encoding === 'UCS-2') return text.length;
  let n = 0;
  for (const ch of text) n += GSM_EXTENSION.has(ch) ? 2 : 1;
  return n;
}

export function segmentsOf(text: string, encoding: SmsEncoding = encodingOf(text)): number {
  const units = unitsOf(text, encoding);
  const { single, multi } = LIMITS[encoding];
  return units <= single ? 1 : Math.ceil(units / multi);
}

/** The messages a reply is sent as, in order; each takes at most `maxSegments` segments. */
export function splitSms(text: string, maxSegments = MAX_SEGMENTS): string[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  const encoding = encodingOf(trimmed);
  if (segmentsOf(trimmed, encoding) <= maxSegments) return [trimmed];
  const budget = maxSegments * LIMITS[encoding].multi;
  const fits = (s: string) => unitsOf(s, encoding) <= budget;
  const pieces: string[] = [];
  let current = '';
  const push = () => {
    if (current.trim()) pieces.push(current.trim());
    current = '';
  };
  for (const sentence of sentencesOf(trimmed)) {
    if (fits(current + sentence)) {
      current += sentence;
      continue;
    }
    push();
    if (fits(sentence)) {
      current = sentence;
      continue;
    }
    for (const word of sentence.split(/(?<=\s)/)) {
      if (fits(current + word)) {
        current += word;
        continue;
      }
      push();
      if (fits(word)) current = word;
      else for (const chunk of hardSplit(word, fits)) pieces.push(chunk);
    }
  }
  push();
  return pieces;
}

/** Sentences with their trailing space kept, so joining them gives the text back. */
function sentencesOf(text: string): string[] {
  return text.split(/(?<=[.!?…]["')\]]?\s+|\n+)/);
}

/** A word too long for one message, cut between whole code points. */
function hardSplit(word: string, fits: (s: string) => boolean): string[] {
  const out: string[] = [];
  let current = '';
  for (const ch of word) {
    if (!fits(current + ch)) {
      out.push(current);
      current = '';
    }
    current += ch;
  }
  if (current.trim()) out.push(current);
  return out;
}
