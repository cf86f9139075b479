import { IANAZone } from 'luxon';
import { z } from 'zod';

/**
 * Working hours of a deployment (E3): `all`, `during` the intervals, or only `outside`
 * them. Times are wall-clock in the IANA zone, so a 09:00–17:00 shift stays 09:00–17:00
 * across daylight-saving changes. An interval whose end is not after its start runs
 * overnight into the next day (22:00–06:00). Holidays are local dates on which the weekly
 * intervals do not apply: the agent is off all day in `during` mode and on all day in
 * `outside` mode (the people it stands in for are off).
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const clock = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time HH:MM (00:00 to 24:00)')
  .describe('Local wall-clock time, HH:MM.');

export const intervalSchema = z
  .strictObject({
    days: z.array(z.enum(WEEKDAYS)).min(1).max(7).describe('Days the interval starts on.'),
    from: clock,
    to: clock.describe('End; not after `from` means it ends the next day.'),
  })
  .refine((i) => i.from !== '24:00', { message: 'an interval cannot start at 24:00', path: ['from'] });

const timeZone = z
  .string()
  .refine((z) => IANAZone.isValidZone(z), 'must be an IANA time zone such as Europe/Berlin')
  .describe('IANA time zone, e.g. America/New_York.');

const holiday = z.iso.date().describe('A local date, YYYY-MM-DD.');

export const hoursSchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('all') }),
  z.strictObject({
    mode: z.enum(['during', 'outside']),
    timeZone,
    intervals: z.array(intervalSchema).min(1).max(50),
    holidays: z.array(holiday).max(366).default([]),
  }),
]);
export type Hours = z.output<typeof hoursSchema>;
export type HoursInput = z.input<typeof hoursSchema>;
export type Interval = z.output<typeof intervalSchema>;

export const ALL_HOURS: Hours = { mode: 'all' };
