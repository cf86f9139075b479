/**
 * jsonb values are written as JSON text: node-postgres would turn a JS array into a
 * PostgreSQL array literal, and PGlite passes strings to json columns untouched, so text
 * is the one form both backends store identically.
 *
 * PostgreSQL refuses `\u0000` and lone surrogates in jsonb. Requests are checked at the
 * HTTP edge, but values also come from upstream APIs (an action's response, a model's
 * answer): those are stored with NUL as U+FFFD and lone surrogates replaced, rather than
 * failing the write after the call has already happened.
 */
export const toJson = (value: unknown): string => {
  const text = JSON.stringify(value ?? null);
  return UNSTORABLE.test(text) ? JSON.stringify(value ?? null, cleanStrings) : text;
};

// In JSON.stringify's output: an escaped NUL, or an escaped surrogate (it only escapes lone ones).
const UNSTORABLE = /\\u0000|\\ud[89a-f][0-9a-f]{2}/i;

function cleanStrings(this: unknown, _key: string, value: unknown): unknown {
  if (typeof value === 'string') return cleanText(value);
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.some(([k]) => cleanText(k) !== k)) {
      return Object.fromEntries(entries.map(([k, v]) => [cleanText(k), v]));
    }
  }
  return value;
}

/** Text PostgreSQL accepts: NUL becomes U+FFFD, lone surrogates become U+FFFD. */
export function cleanText(text: string): string {
  const wellFormed = text.isWellFormed() ? text : text.toWellFormed();
  return wellFormed.includes('\u0000') ? wellFormed.replaceAll('\u0000', '\uFFFD') : wellFormed;
}
