import { describe, expect, it } from 'vitest';
import { isAvailable } from './availability.ts';
import { type Hours, hoursSchema } from './hours.ts';

const at = (iso: string) => new Date(iso);
const hours = (h: unknown): Hours => hoursSchema.parse(h);
const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;

describe('isAvailable', () => {
  it('all hours is always available', () => {
    expect(isAvailable(hours({ mode: 'all' }), at('2026-03-08T07:30:00Z'))).toBe(true);
  });

  it('America/New_York: 09:00–17:00 stays 09:00–17:00 local across the March DST start', () => {
    const h = hours({
      mode: 'during',
      timeZone: 'America/New_York',
      intervals: [{ days: weekdays, from: '09:00', to: '17:00' }],
    });
    // Friday 6 March, EST (UTC−5).
    expect(isAvailable(h, at('2026-03-06T14:30:00Z'))).toBe(true); // 09:30
    expect(isAvailable(h, at('2026-03-06T13:30:00Z'))).toBe(false); // 08:30
    expect(isAvailable(h, at('2026-03-06T21:30:00Z'))).toBe(true); // 16:30
    // Monday 9 March, EDT (UTC−4): the same UTC instants are an hour later locally.
    expect(isAvailable(h, at('2026-03-09T13:30:00Z'))).toBe(true); // 09:30
    expect(isAvailable(h, at('2026-03-09T12:30:00Z'))).toBe(false); // 08:30
    expect(isAvailable(h, at('2026-03-09T21:30:00Z'))).toBe(false); // 17:30
    // Sunday 8 March (the change itself): not a working day.
    expect(isAvailable(h, at('2026-03-08T15:00:00Z'))).toBe(false);
  });

  it('Europe/Berlin: split shifts and an overnight shift across the October DST end', () => {
    const h = hours({
      mode: 'during',
      timeZone: 'Europe/Berlin',
      intervals: [
        { days: weekdays, from: '08:00', to: '12:00' },
        { days: weekdays, from: '13:00', to: '17:00' },
        { days: ['sat'], from: '22:00', to: '03:00' },
      ],
    });
    // Friday 23 October, CEST (UTC+2).
    expect(isAvailable(h, at('2026-10-23T06:30:00Z'))).toBe(true); // 08:30
    expect(isAvailable(h, at('2026-10-23T10:30:00Z'))).toBe(false); // 12:30, lunch
    expect(isAvailable(h, at('2026-10-23T11:30:00Z'))).toBe(true); // 13:30
    // Saturday night into Sunday 25 October: 02:30 happens twice (CEST, then CET); both are in.
    expect(isAvailable(h, at('2026-10-24T19:30:00Z'))).toBe(false); // Sat 21:30
    expect(isAvailable(h, at('2026-10-24T20:30:00Z'))).toBe(true); // Sat 22:30
    expect(isAvailable(h, at('2026-10-25T00:30:00Z'))).toBe(true); // 02:30 CEST
    expect(isAvailable(h, at('2026-10-25T01:30:00Z'))).toBe(true); // 02:30 CET
    expect(isAvailable(h, at('2026-10-25T02:30:00Z'))).toBe(false); // 03:30 CET
    // Monday 26 October, CET (UTC+1).
    expect(isAvailable(h, at('2026-10-26T06:30:00Z'))).toBe(false); // 07:30
    expect(isAvailable(h, at('2026-10-26T07:30:00Z'))).toBe(true); // 08:30
    expect(isAvailable(h, at('2026-10-26T11:30:00Z'))).toBe(false); // 12:30
  });

  it('Australia/Sydney: only outside specific hours, with a holiday, across the October DST start', () => {
    const h = hours({
      mode: 'outside',
      timeZone: 'Australia/Sydney',
      intervals: [{ days: weekdays, from: '09:00', to: '17:00' }],
      holidays: ['2026-10-05'],
    });
    // Friday 2 October, AEST (UTC+10): people work, the agent does not.
    expect(isAvailable(h, at('2026-10-02T00:00:00Z'))).toBe(false); // Fri 10:00
    expect(isAvailable(h, at('2026-10-02T07:30:00Z'))).toBe(true); // Fri 17:30
    expect(isAvailable(h, at('2026-10-02T23:30:00Z'))).toBe(true); // Sat 09:30
    // Monday 5 October, AEDT (UTC+11), a public holiday: the agent covers the whole day.
    expect(isAvailable(h, at('2026-10-04T23:00:00Z'))).toBe(true); // Mon 10:00
    // Tuesday 6 October, AEDT.
    expect(isAvailable(h, at('2026-10-05T23:00:00Z'))).toBe(false); // Tue 10:00
    expect(isAvailable(h, at('2026-10-05T21:30:00Z'))).toBe(true); // Tue 08:30
    expect(isAvailable(h, at('2026-10-05T22:00:00Z'))).toBe(false); // Tue 09:00 sharp
    expect(isAvailable(h, at('2026-10-06T06:00:00Z'))).toBe(true); // Tue 17:00 sharp
  });

  it('a holiday switches off a day in during mode, but not the tail of the night shift before it', () => {
    const h = hours({
      mode: 'during',
      timeZone: 'America/New_York',
      intervals: [
        { days: weekdays, from: '09:00', to: '17:00' },
        { days: ['thu'], from: '22:00', to: '06:00' },
      ],
      holidays: ['2026-12-25'],
    });
    expect(isAvailable(h, at('2026-12-25T15:00:00Z'))).toBe(false); // Fri 25 Dec 10:00 EST
    expect(isAvailable(h, at('2026-12-24T15:00:00Z'))).toBe(true); // Thu 24 Dec 10:00 EST
    expect(isAvailable(h, at('2026-12-25T07:00:00Z'))).toBe(true); // Fri 02:00, Thursday's shift
    expect(isAvailable(h, at('2026-12-25T12:00:00Z'))).toBe(false); // Fri 07:00
  });

  it('00:00–24:00 covers the whole day', () => {
    const h = hours({
      mode: 'during',
      timeZone: 'Asia/Kolkata',
      intervals: [{ days: ['sun'], from: '00:00', to: '24:00' }],
    });
    expect(isAvailable(h, at('2026-03-07T18:30:00Z'))).toBe(true); // Sun 00:00 IST
    expect(isAvailable(h, at('2026-03-08T18:29:00Z'))).toBe(true); // Sun 23:59
    expect(isAvailable(h, at('2026-03-08T18:30:00Z'))).toBe(false); // Mon 00:00
  });
});

describe('hoursSchema', () => {
  it('names the bad field', () => {
    const r = hoursSchema.safeParse({
      mode: 'during',
      timeZone: 'Mars/Olympus',
      intervals: [{ days: ['mon', 'funday'], from: '9:00', to: '25:00' }],
      holidays: ['2026-13-01'],
    });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual(
      ['holidays.0', 'intervals.0.days.1', 'intervals.0.from', 'intervals.0.to', 'timeZone'].sort(),
    );
  });
});
