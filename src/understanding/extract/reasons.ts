/**
 * Customer-facing sentences for values that could not be taken from a reply. The engine re-asks with
 * the input's own instructions after them, so they say what was wrong, briefly, with an example.
 */
export const reasons = {
  empty: "I didn't catch a value there. Could you type it again?",
  integer: 'Please give a whole number (e.g. 3).',
  notWhole: (written: string) => `That needs to be a whole number (e.g. 3), and ${written} isn't one.`,
  tooLarge: 'That number is too large.',
  decimal: 'Please give a number (e.g. 12.50).',
  boolean: 'Please answer yes or no.',
  date: 'Please give a date (e.g. tomorrow or 23 November).',
  datetime: 'Please give a date and time (e.g. tomorrow at 3pm).',
  timeMissing: 'Please give a time as well (e.g. 3pm).',
  email: "That doesn't look like an email address (e.g. jane@example.com).",
  phone: "That doesn't look like a phone number (e.g. +1 415 555 0100).",
  phoneCountry: 'Please include the country code (e.g. +44 20 7946 0958).',
  url: "That doesn't look like a web address (e.g. https://example.com).",
  pattern: "That doesn't look like the value I need. Could you check it?",
  patternBroken: "I can't check that value right now, sorry.",
  enumNone: (options: string[]) => `Please choose one of: ${listOf(options)}.`,
  numberAmbiguous: (readings: number[]) =>
    `Did you mean ${listOf(
      readings.map((r) => r.toLocaleString('en-US', { maximumFractionDigits: 6 })),
      'or',
    )}?`,
  dateAmbiguous: (readings: string[]) => `Did you mean ${listOf(readings, 'or')}?`,
  valuesAmbiguous: (readings: string[]) => `Did you mean ${listOf(readings, 'or')}?`,
  enumAmbiguous: (options: string[]) => `Did you mean ${listOf(options, 'or')}?`,
} as const;

function listOf(items: string[], last = 'and'): string {
  if (items.length <= 1) return items.join('');
  if (last === 'and') return items.join(', ');
  return `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`;
}
