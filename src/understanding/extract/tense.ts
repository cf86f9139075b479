/**
 * Whether a reply speaks of something that already happened, so that a bare date in it ("Friday",
 * "the 3rd", "12 March") is the latest such day, not the next: "last Friday", "it arrived on
 * Monday", "I ordered it on the 3rd". Words that point ahead ("next", "will", "tomorrow") win.
 */

const WEEKDAY = `(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?`;
// "last Friday" — but not "the last Friday of March", which is an ordinal.
const LAST = new RegExp(
  String.raw`\b(?:last|previous|past)\s+(?:week|month|year|night|weekend|time|${WEEKDAY})\b(?!\s+(?:in|of)\b)`,
  'i',
);
const PAST_WORD =
  /\b(?:ago|yesterday|earlier|was|were|did|had|got|came|went|bought|paid|sent|received|arrived|ordered|placed|delivered|shipped|happened|made|took|gave|spent|charged|returned|broke|left|saw|told|called|emailed|tried|used|signed)\b/i;
// Regular past tense; words that merely end in -ed ("need", "speed", "hundred") are not verbs in it.
const ED = /\b[a-z]{3,}ed\b/gi;
const NOT_PAST_ED = new Set([
  'need',
  'speed',
  'feed',
  'seed',
  'breed',
  'indeed',
  'hundred',
  'bed',
  'shed',
  'red',
  'embed',
]);
const FUTURE = new RegExp(
  String.raw`\b(?:for\s+(?:the\s+)?${WEEKDAY}|next|will|shall|going to|gonna|tomorrow|coming|upcoming|from now|from today|after next|fortnight|until|till|can you|could you|would like|want|i'?d like|need|in (?:\d+|a|an|one|two|three) (?:days?|weeks?|months?|years?)\b)`,
  'i',
);

export function pointsToPast(text: string): boolean {
  if (LAST.test(text)) return true;
  if (FUTURE.test(text)) return false;
  if (PAST_WORD.test(text)) return true;
  for (const m of text.matchAll(ED)) if (!NOT_PAST_ED.has(m[0].toLowerCase())) return true;
  return false;
}
