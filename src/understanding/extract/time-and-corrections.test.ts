import { describe, expect, it } from 'vitest';
import { correctedStart } from './corrected.ts';
import { extractValue } from './extract-value.ts';
import { pointsToPast } from './tense.ts';
import type { ExtractContext, ValueSpec } from './types.ts';

// Wednesday 25 November 2026, 10:00 in New York.
const ctx: ExtractContext = { now: new Date('2026-11-25T15:00:00Z'), timeZone: 'America/New_York' };
const get = (text: string, spec: ValueSpec, c: ExtractContext = ctx) => extractValue(text, spec, c);
const value = (text: string, spec: ValueSpec, c: ExtractContext = ctx) => {
  const r = get(text, spec, c);
  return r.ok ? r.value : { reason: r.reason };
};
const date: ValueSpec = { type: 'date' };

describe('dates: the direction of time', () => {
  it.each([
    ['last Friday', '2026-11-20'],
    ['I bought it last Friday', '2026-11-20'],
    ['I ordered it on Friday', '2026-11-20'],
    ['it arrived on Monday', '2026-11-23'],
    ['I ordered it on the 3rd', '2026-11-03'],
    ['it arrived on 12 December', '2025-12-12'],
    ['yesterday', '2026-11-24'],
    ['Friday', '2026-11-27'],
    ['I booked it for Friday', '2026-11-27'],
    ['can you deliver on the 3rd', '2026-12-03'],
  ])('%s → %s', (text, iso) => {
    expect(value(text, date)).toBe(iso);
  });

  it.each([
    ['Friday after next', '2026-12-04'],
    ['the Friday after next', '2026-12-04'],
    ['Wednesday after next', '2026-12-09'],
    ['a fortnight from today', '2026-12-09'],
    ['in two fortnights', '2026-12-23'],
    ['the first Monday in October', '2027-10-04'],
    ['the last Friday of December', '2026-12-25'],
    ['the second Tuesday of December 2026', '2026-12-08'],
    ['next month on the 2nd', '2026-12-02'],
    ['the 2nd of next month', '2026-12-02'],
  ])('%s → %s', (text, iso) => {
    expect(value(text, date)).toBe(iso);
  });

  it('knows the last of a month is no past marker', () => {
    expect(pointsToPast('the last Friday of March')).toBe(false);
    expect(pointsToPast('I need it on Friday')).toBe(false);
    expect(pointsToPast('it arrived damaged on Monday')).toBe(true);
  });

  it('asks which of two day/month readings was meant when no locale says', () => {
    expect(get('03/04/2026', date)).toEqual({
      ok: false,
      ambiguous: true,
      reason: 'Did you mean 4 March 2026 or 3 April 2026?',
      options: ['2026-03-04', '2026-04-03'],
    });
    expect(value('03/04/2026', date, { ...ctx, locale: 'en-GB' })).toBe('2026-04-03');
    expect(value('12/24/2026', date)).toBe('2026-12-24');
  });
});

describe('corrections inside one reply keep the second value', () => {
  it.each<[string, ValueSpec, unknown]>([
    ['not old@example.com but new@example.com', { type: 'string', format: 'email' }, 'new@example.com'],
    ['old@example.com, sorry, new@example.com', { type: 'string', format: 'email' }, 'new@example.com'],
    ["it's not 1234 but 1235", { type: 'integer' }, 1235],
    ['3, sorry, 4', { type: 'integer' }, 4],
    ['3 - I mean 4', { type: 'integer' }, 4],
    ['Friday, no, Saturday', date, '2026-11-28'],
    ['Jon, sorry, John', { type: 'string' }, 'John'],
    ['not Jon but John', { type: 'string' }, 'John'],
    ['small, sorry, large', { type: 'string', enum: ['small', 'large'] }, 'large'],
  ])('%s → %j', (text, spec, expected) => {
    expect(value(text, spec)).toEqual(expected);
  });

  it('leaves ordinary sentences alone', () => {
    expect(value('I have no idea', { type: 'string' })).toBe('I have no idea');
    expect(value('yes, no problem', { type: 'boolean' })).toBe(true);
    expect(correctedStart('Sorry for the wait')).toBeNull();
    expect(value('yes, no', { type: 'boolean', array: true })).toEqual([true, false]);
  });
});

describe('numbers as people write them', () => {
  it.each<[string, ValueSpec, unknown]>([
    ['5k', { type: 'integer' }, 5000],
    ['1.5k', { type: 'integer' }, 1500],
    ['about 2K please', { type: 'decimal' }, 2000],
    ['5 thousand', { type: 'integer' }, 5000],
    ['1.5 million', { type: 'integer' }, 1_500_000],
    ['one and a half', { type: 'decimal' }, 1.5],
    ['2 and a half', { type: 'decimal' }, 2.5],
    ['10 000', { type: 'integer' }, 10_000],
    ['10\u00a0000', { type: 'integer' }, 10_000],
    ['12 345 678', { type: 'integer' }, 12_345_678],
    ['415 555 0100', { type: 'integer' }, 415],
  ])('%s → %j', (text, spec, expected) => {
    expect(value(text, spec)).toEqual(expected);
  });

  it('reads 10.000 by the locale, and asks when there is none', () => {
    expect(value('10.000', { type: 'integer' }, { ...ctx, locale: 'de-DE' })).toBe(10_000);
    expect(value('10.000', { type: 'decimal' }, { ...ctx, locale: 'en-US' })).toBe(10);
    expect(get('10.000', { type: 'integer' })).toEqual({
      ok: false,
      ambiguous: true,
      reason: 'Did you mean 10 or 10,000?',
      options: [10, 10_000],
    });
  });

  it('refuses one and a half where a whole number is needed', () => {
    expect(value('one and a half', { type: 'integer' })).toEqual({
      reason: "That needs to be a whole number (e.g. 3), and one and a half isn't one.",
    });
  });

  it('asks when two values are offered for one answer', () => {
    expect(get('3 or 4', { type: 'integer' })).toMatchObject({ ok: false, ambiguous: true, options: [3, 4] });
    expect(value('3 or 3', { type: 'integer' })).toBe(3);
  });
});
