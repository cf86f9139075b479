import { DateTime } from 'luxon';
import { type Hours, type Interval, WEEKDAYS } from './hours.ts';

/**
 * Whether a deployment's agent takes new conversations at `at` (E3). Pure. Comparison is
 * on the local wall clock of the zone (luxon resolves the offset for that instant), which
 * is what makes it correct across daylight-saving changes: no fixed offsets anywhere.
 */
export function isAvailable(hours: Hours, at: Date): boolean {
  if (hours.mode === 'all') return true;
  const local = DateTime.fromJSDate(at, { zone: hours.timeZone });
  const holidays = new Set(hours.holidays);
  const inSchedule = hours.intervals.some((i) => covers(i, local, holidays));
  return hours.mode === 'during' ? inSchedule : !inSchedule;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const weekdayOf = (d: DateTime) => WEEKDAYS[d.weekday - 1]!;

/** The interval covers `local` when a shift of it started today, or yesterday and runs overnight. */
function covers(i: Interval, local: DateTime, holidays: Set<string>): boolean {
  const now = local.hour * 60 + local.minute;
  const from = minutes(i.from);
  const to = minutes(i.to);
  const overnight = to <= from;
  const today = local.startOf('day');
  if (startsOn(i, today, holidays) && now >= from && (overnight || now < to)) return true;
  const yesterday = today.minus({ days: 1 });
  return overnight && startsOn(i, yesterday, holidays) && now < to;
}

function startsOn(i: Interval, day: DateTime, holidays: Set<string>): boolean {
  return i.days.includes(weekdayOf(day)) && !holidays.has(day.toISODate()!);
}
