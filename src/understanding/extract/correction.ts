import { detectControl } from './control.ts';

export interface Correction {
  isCorrection: boolean;
  /** The new value's words with the correcting phrase removed; the trimmed text when it is no correction. */
  rest: string;
}

const SEP = String.raw`[\s,.:;!\-\u2013\u2014]*`;
// Openers that say "what I gave before was wrong" but could also start an unrelated reply.
const SOFT = new RegExp(
  String.raw`^(?:oh|oops|whoops|ah|um|uh|hmm|wait|hold on|sorry|no|nope|nah|wrong|incorrect|my bad|my mistake|apologies|not quite|(?:that'?s|that is|thats) (?:wrong|not right|not correct|incorrect))(?![\w'])${SEP}`,
  'i',
);
// Phrases that can only introduce a corrected value.
const FIRM = new RegExp(
  String.raw`^(?:actually|correction|i meant(?: to (?:say|type|write))?|i mean|make (?:it|that)|change (?:it|that) to|it should(?: have)? be(?:en)?|that should(?: have)? be(?:en)?|should be|scratch that|let me correct (?:that|myself)|typo|i typed (?:it|that) wrong|the (?:right|correct) (?:one|value|number|answer) is)(?![\w'])${SEP}`,
  'i',
);
const LEAD_IN = new RegExp(String.raw`^(?:it'?s|it is|it was|that'?s|that is|its)(?![\w'])${SEP}`, 'i');
const NOT_X_BUT_Y = /^not\s+\S+?,?\s+(?:but|it'?s|it is)\s+/i;
const TRAILER = /[\s,]*(?:instead|please|then|sorry)?[\s.!]*$/i;
const NOT_A_VALUE =
  /^(?:i (?:don'?t|do not|can'?t|cannot|won'?t|will not)\b|thanks?\b|thank you\b|for\b|about\b|to\b)/i;

/**
 * Recognises a reply that corrects the value just given: "actually it's 1235", "sorry, I meant 1235",
 * "no, it's 1235", "correction: 1235". A bare "no" is a refusal, not a correction.
 */
export function detectCorrection(text: string): Correction {
  const trimmed = text.trim();
  let rest = trimmed;
  let soft = false;
  let firm = false;
  for (;;) {
    const s = SOFT.exec(rest);
    if (s) {
      soft = true;
      rest = rest.slice(s[0].length);
      continue;
    }
    const f = FIRM.exec(rest);
    if (f) {
      firm = true;
      rest = rest.slice(f[0].length);
      continue;
    }
    break;
  }
  const notBut = NOT_X_BUT_Y.exec(rest);
  if (notBut) {
    firm = true;
    rest = rest.slice(notBut[0].length);
  }
  const leadIn = LEAD_IN.exec(rest);
  if (leadIn && (soft || firm)) rest = rest.slice(leadIn[0].length);
  if (soft || firm) rest = rest.replace(TRAILER, '');
  if (firm && rest.length > 0) return { isCorrection: true, rest };
  const isValue =
    soft && rest.length > 0 && !rest.endsWith('?') && !NOT_A_VALUE.test(rest) && detectControl(rest) === null;
  return isValue ? { isCorrection: true, rest } : { isCorrection: false, rest: trimmed };
}
