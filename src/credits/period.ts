import { DateTime } from 'luxon';
import type { CreditPeriod } from '../store/schema.ts';

/** Credit periods (E6), in UTC calendar units: a monthly allotment resets on the same day each month. */
export const CREDIT_PERIODS = ['day', 'week', 'month', 'year'] as const satisfies readonly CreditPeriod[];

export function addPeriod(from: Date, period: CreditPeriod): Date {
  return DateTime.fromJSDate(from, { zone: 'utc' })
    .plus({ [`${period}s`]: 1 })
    .toJSDate();
}

/**
 * The period that contains `at`, given the current one ended at `end`: periods follow each
 * other without gaps, so an account idle for three months resets to the period it is in,
 * not to one three months late.
 */
export function periodContaining(end: Date, period: CreditPeriod, at: Date): { start: Date; end: Date } {
  let start = end;
  let next = addPeriod(start, period);
  while (next.getTime() <= at.getTime()) {
    start = next;
    next = addPeriod(next, period);
  }
  return { start, end: next };
}
