/**
 * Where the value a customer settled on starts, when one reply names a value and then replaces it:
 * "not old@example.com but new@example.com", "3, sorry, 4", "Jon — I mean John", "Friday, no,
 * Saturday". The finders then read only what follows, so the replaced value is never taken.
 */

const WORD_X = String.raw`\S+(?:\s+\S+){0,3}?`;
// "not X but Y", "not X, Y", "not X, it's Y" — anywhere in the reply ("it's not X but Y").
const NOT_BUT = new RegExp(
  String.raw`(?:^|[\s,;:(])not\s+(${WORD_X})\s*(?:,\s*)?(?:but(?:\s+rather)?|rather|it'?s|it\s+is|,)\s+(?=\S)`,
  'i',
);
// "X, sorry, Y", "X, no, Y", "X - I mean Y", "X, or rather Y", "X, actually Y": the marker stands
// between punctuation, so "I have no idea" or "sorry for the wait" never split.
const MARK = String.raw`(?:sorry|no|nope|oops|actually|correction|i\s+mean|i\s+meant|or\s+rather|rather|make\s+(?:it|that))`;
const LEAD = String.raw`(?:(?:i\s+mean|i\s+meant|it'?s|it\s+is|make\s+(?:it|that)|should\s+be)\s+)?`;
const THEN_FIX = new RegExp(
  String.raw`(?:\s*[,;\-\u2013\u2014]\s*${MARK}(?:\s*[,;:\-\u2013\u2014!.]\s*|\s+)|\s+(?:i\s+mean|i\s+meant|or\s+rather)\s+)${LEAD}(?=\S)`,
  'gi',
);

/** The offset of the corrected value in `text`, or null when the reply corrects nothing. */
export function correctedStart(text: string): number | null {
  let at: number | null = null;
  const notBut = NOT_BUT.exec(text);
  if (notBut) at = notBut.index + notBut[0].length;
  for (const m of text.matchAll(THEN_FIX)) {
    const end = m.index + m[0].length;
    // Only a marker between two things counts: "sorry, 4" at the start is a plain correction, which
    // the engine already handles; "No" opening a reply is a refusal.
    if (m.index === 0 || text.slice(0, m.index).trim().length === 0) continue;
    if (at === null || end > at) at = end;
  }
  return at;
}
