import { DateTime } from 'luxon';
import type { CreditPeriod } from '../store/schema.ts';

/** Credit periods (E6), in UTC calendar units. */
export const CREDIT_PERIODS = ['day', 'week', 'month', 'year'] as const satisfies readonly CreditPeriod[];

const plus = (anchor: Date, period: CreditPeriod, n: number): Date =>
  DateTime.fromJSDate(anchor, { zone: 'utc' })
    .plus({ [`${period}s`]: n })
    .toJSDate();

export const addPeriod = (from: Date, period: CreditPeriod): Date => plus(from, period, 1);

/**
 * The period that contains `at`, counted in whole periods from the anchor (a reset date),
 * so periods follow each other without gaps (an account idle for three months resets to
 * the period it is in) and a monthly reset on the 31st lands on each month's last day
 * instead of drifting to the 28th after February.
 */
export function periodContaining(anchor: Date, period: CreditPeriod, at: Date): { start: Date; end: Date } {
  let k = 0;
  while (plus(anchor, period, k + 1).getTime() <= at.getTime()) k++;
  return { start: plus(anchor, period, k), end: plus(anchor, period, k + 1) };
}
