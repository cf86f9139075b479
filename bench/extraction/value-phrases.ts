/**
 * A table of our own: replies a customer gives to one question, with the value the engine must take
 * (or `ASK` when it must ask which one was meant). Written for issue 9's cases — time's direction,
 * phrases chrono reads only in part, corrections inside one reply, numbers as people write them and
 * ambiguous values — plus everyday controls that must not change. "Now" is Wednesday 25 November
 * 2026, 10:00 in New York.
 */
import type { ValueSpec } from '../../src/understanding/extract/index.ts';

export const ASK = Symbol('ask');

export interface Phrase {
  group: string;
  text: string;
  spec: ValueSpec;
  expected: unknown;
  locale?: string;
}

const date: ValueSpec = { type: 'date' };
const int: ValueSpec = { type: 'integer' };
const dec: ValueSpec = { type: 'decimal' };
const email: ValueSpec = { type: 'string', format: 'email' };
const str: ValueSpec = { type: 'string' };

const rows: Array<[string, string, ValueSpec, unknown, string?]> = [
  ['past', 'last Friday', date, '2026-11-20'],
  ['past', 'I bought it last Friday', date, '2026-11-20'],
  ['past', 'last Monday', date, '2026-11-23'],
  ['past', 'I ordered it on Friday', date, '2026-11-20'],
  ['past', 'it arrived on Monday', date, '2026-11-23'],
  ['past', 'it was delivered on Tuesday', date, '2026-11-24'],
  ['past', 'I ordered it on the 3rd', date, '2026-11-03'],
  ['past', 'I paid on the 20th', date, '2026-11-20'],
  ['past', 'it arrived on 12 December', date, '2025-12-12'],
  ['past', 'we received it on March 3', date, '2026-03-03'],
  ['past', 'yesterday', date, '2026-11-24'],
  ['past', 'three days ago', date, '2026-11-22'],
  ['past', 'last week', date, '2026-11-18'],
  ['forward', 'Friday', date, '2026-11-27'],
  ['forward', 'on Monday please', date, '2026-11-30'],
  ['forward', 'I booked it for Friday', date, '2026-11-27'],
  ['forward', 'can you deliver on the 3rd', date, '2026-12-03'],
  ['forward', 'tomorrow', date, '2026-11-26'],
  ['forward', 'in 3 days', date, '2026-11-28'],
  ['forward', '23 December', date, '2026-12-23'],
  ['phrases', 'Friday after next', date, '2026-12-04'],
  ['phrases', 'the Friday after next', date, '2026-12-04'],
  ['phrases', 'Monday after next', date, '2026-12-07'],
  ['phrases', 'a fortnight from today', date, '2026-12-09'],
  ['phrases', 'in a fortnight', date, '2026-12-09'],
  ['phrases', 'the first Monday in October', date, '2027-10-04'],
  ['phrases', 'the second Tuesday of December', date, '2026-12-08'],
  ['phrases', 'the last Friday of December', date, '2026-12-25'],
  ['phrases', 'next month on the 2nd', date, '2026-12-02'],
  ['phrases', 'the 2nd of next month', date, '2026-12-02'],
  ['corrections', 'not old@example.com but new@example.com', email, 'new@example.com'],
  ['corrections', 'old@example.com, sorry, new@example.com', email, 'new@example.com'],
  ['corrections', "it's jane@exmaple.com - I mean jane@example.com", email, 'jane@example.com'],
  ['corrections', 'not 1234 but 1235', int, 1235],
  ['corrections', '3, sorry, 4', int, 4],
  ['corrections', '3, no, 4', int, 4],
  ['corrections', '12.50, sorry, 15.75', dec, 15.75],
  ['corrections', 'Friday, no, Saturday', date, '2026-11-28'],
  ['corrections', 'not Friday but Saturday', date, '2026-11-28'],
  ['corrections', 'Jon, sorry, John', str, 'John'],
  ['corrections', 'not Jon but John', str, 'John'],
  ['corrections', 'small, sorry, large', { type: 'string', enum: ['small', 'large'] }, 'large'],
  ['numbers', '5k', int, 5000],
  ['numbers', '1.5k', int, 1500],
  ['numbers', '2K', dec, 2000],
  ['numbers', '5 thousand', int, 5000],
  ['numbers', '1.5 million', int, 1_500_000],
  ['numbers', 'one and a half', dec, 1.5],
  ['numbers', 'two and a half', dec, 2.5],
  ['numbers', '10 000', int, 10_000],
  ['numbers', '1 250 000', int, 1_250_000],
  ['numbers', '10.000', int, 10_000, 'de-DE'],
  ['numbers', '10,000', int, 10_000, 'en-US'],
  ['numbers', '10.000', dec, 10, 'en-US'],
  ['numbers', '12,50', dec, 12.5, 'fr-FR'],
  ['numbers', 'twenty-one', int, 21],
  ['numbers', 'I need 3 tickets', int, 3],
  ['ambiguous', '10.000', int, ASK],
  ['ambiguous', '1.500', dec, ASK],
  ['ambiguous', '03/04/2026', date, ASK],
  ['ambiguous', '3 or 4', int, ASK],
  ['ambiguous', 'Friday or Saturday', date, ASK],
  ['ambiguous', 'one and a half', int, ASK],
  ['controls', 'I have no idea', str, 'I have no idea'],
  ['controls', 'jane@example.com', email, 'jane@example.com'],
  ['controls', '415 555 0100', int, 415],
];

export const phrases: Phrase[] = rows.map(([group, text, spec, expected, locale]) => ({
  group,
  text,
  spec,
  expected,
  ...(locale ? { locale } : {}),
}));
