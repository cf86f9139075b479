import { describe, expect, it } from 'vitest';
import { extractValue } from './extract-value.ts';
import type { ExtractContext } from './types.ts';

const at = (iso: string, timeZone = 'America/New_York', locale?: string): ExtractContext => ({
  now: new Date(iso),
  timeZone,
  locale,
});
const date = (text: string, c: ExtractContext) => {
  const r = extractValue(text, { type: 'date' }, c);
  return r.ok ? r.value : { reason: r.reason };
};
const datetime = (text: string, c: ExtractContext) => {
  const r = extractValue(text, { type: 'datetime' }, c);
  return r.ok ? r.value : { reason: r.reason };
};

// Thursday 19 November 2026, 10:00 in New York.
const thursday = at('2026-11-19T15:00:00Z');

describe('dates', () => {
  it.each([
    ['today', '2026-11-19'],
    ['tomorrow', '2026-11-20'],
    ['the day after tomorrow', '2026-11-21'],
    ['in 3 days', '2026-11-22'],
    ['next Friday', '2026-11-27'],
    ['Friday', '2026-11-20'],
    ['on Monday please', '2026-11-23'],
    ['23 November', '2026-11-23'],
    ['November 23rd', '2026-11-23'],
    ['the 23rd', '2026-11-23'],
    ['the 2nd', '2026-12-02'],
    ['2026-12-24', '2026-12-24'],
    ['12/24/2026', '2026-12-24'],
    ['tomorrow at 3pm', '2026-11-20'],
  ])('%s → %s', (text, expected) => {
    expect(date(text, thursday)).toBe(expected);
  });

  it('resolves "today" on the zone\'s calendar, not UTC', () => {
    // 23:30 in New York is already the next day in UTC.
    const lateEvening = at('2026-11-20T04:30:00Z');
    expect(date('today', lateEvening)).toBe('2026-11-19');
    expect(date('today', { ...lateEvening, timeZone: 'Europe/Berlin' })).toBe('2026-11-20');
  });

  it('reads day-first dates in a day-first locale', () => {
    expect(date('03/04/2026', { ...thursday, locale: 'en-GB' })).toBe('2026-04-03');
    expect(date('03/04/2026', { ...thursday, locale: 'en-US' })).toBe('2026-03-04');
  });

  it('reads German dates in a German locale', () => {
    expect(date('morgen', { ...thursday, locale: 'de-DE' })).toBe('2026-11-20');
    expect(date('am 24. Dezember', { ...thursday, locale: 'de-DE' })).toBe('2026-12-24');
  });

  it('refuses a time without a date', () => {
    expect(date('at 3pm', thursday)).toEqual({
      reason: 'Please give a date (e.g. tomorrow or 23 November).',
    });
  });
});

describe('datetimes', () => {
  it('gives ISO 8601 with the zone offset', () => {
    expect(datetime('Monday at 3pm', thursday)).toBe('2026-11-23T15:00:00-05:00');
    expect(datetime('tomorrow 9:30am', thursday)).toBe('2026-11-20T09:30:00-05:00');
    expect(datetime('23 November 15:00', at('2026-11-19T15:00:00Z', 'Europe/Berlin'))).toBe(
      '2026-11-23T15:00:00+01:00',
    );
  });

  it('reads a bare small hour as the afternoon, but keeps 24-hour and am times', () => {
    expect(datetime('tomorrow at 3', thursday)).toBe('2026-11-20T15:00:00-05:00');
    expect(datetime('tomorrow at 03:00', thursday)).toBe('2026-11-20T03:00:00-05:00');
    expect(datetime('tomorrow at 3am', thursday)).toBe('2026-11-20T03:00:00-05:00');
    expect(datetime('tomorrow at 10', thursday)).toBe('2026-11-20T10:00:00-05:00');
  });

  it('asks for a time when only a date is given', () => {
    expect(datetime('tomorrow', thursday)).toEqual({ reason: 'Please give a time as well (e.g. 3pm).' });
  });

  describe('across the DST change in America/New_York (8 March 2026, 02:00 → 03:00)', () => {
    // Saturday 7 March 2026, 12:00 EST (-05:00).
    const saturday = at('2026-03-07T17:00:00Z');

    it('puts a wall-clock time after the change at the new offset', () => {
      expect(datetime('tomorrow at 3pm', saturday)).toBe('2026-03-08T15:00:00-04:00');
      expect(datetime('today at 3pm', saturday)).toBe('2026-03-07T15:00:00-05:00');
    });

    it('keeps a distance from now exact: 24 hours later is 13:00 on the new offset', () => {
      expect(datetime('in 24 hours', saturday)).toBe('2026-03-08T13:00:00-04:00');
    });

    it('counts days on the calendar', () => {
      expect(date('in 1 day', saturday)).toBe('2026-03-08');
      expect(date('tomorrow', at('2026-03-08T04:59:00Z'))).toBe('2026-03-08');
    });

    it('and back in November (1 November 2026, 02:00 → 01:00)', () => {
      const halloween = at('2026-10-31T16:00:00Z');
      expect(datetime('tomorrow at 3pm', halloween)).toBe('2026-11-01T15:00:00-05:00');
      expect(datetime('today at 3pm', halloween)).toBe('2026-10-31T15:00:00-04:00');
    });
  });
});
