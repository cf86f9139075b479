import type { ParsedResult } from 'chrono-node';
import { DateTime } from 'luxon';
import { chronosFor } from './chrono-parsers.ts';
import { reasons } from './reasons.ts';
import { pointsToPast } from './tense.ts';
import type { Candidate, ExtractContext, Finder } from './types.ts';

/** Chrono's results for a text, from the first parser for the locale that finds anything. */
function parseAll(text: string, ctx: ExtractContext, past = pointsToPast(text)): ParsedResult[] {
  const zoneNow = DateTime.fromJSDate(ctx.now, { zone: ctx.timeZone });
  // Chrono reasons on a fixed offset; the zone's offset *now* makes "today" and "tomorrow" the zone's
  // own calendar days. Wall-clock results are then placed back in the zone (DST-correct) by luxon.
  const offset = zoneNow.isValid ? zoneNow.offset : 0;
  for (const c of chronosFor(ctx.locale)) {
    const results = c.parse(text, { instant: ctx.now, timezone: offset }, { forwardDate: !past });
    if (results.length > 0) return results;
  }
  return [];
}

/** "in 2 hours" is a distance from now, not a wall-clock time; DST changes must not shift it. */
function isDurationFromNow(r: ParsedResult): boolean {
  return r.start.tags().has('result/relativeDateAndTime');
}

function names(r: ParsedResult): boolean {
  const s = r.start;
  if (s.isCertain('day') || s.isCertain('weekday') || s.isCertain('month')) return true;
  for (const tag of s.tags())
    if (tag.startsWith('casualReference/') || tag.startsWith('result/relative')) return true;
  return false;
}

function zoned(r: ParsedResult, ctx: ExtractContext): DateTime {
  if (isDurationFromNow(r)) return DateTime.fromJSDate(r.start.date(), { zone: ctx.timeZone });
  const s = r.start;
  return DateTime.fromObject(
    {
      year: s.get('year') ?? undefined,
      month: s.get('month') ?? undefined,
      day: s.get('day') ?? undefined,
      hour: s.get('hour') ?? 0,
      minute: s.get('minute') ?? 0,
      second: s.get('second') ?? 0,
    },
    { zone: ctx.timeZone },
  );
}

/**
 * Calendar dates, 'YYYY-MM-DD': "tomorrow", "next Friday", "in 3 days", "23 November", "2026-11-23".
 * A bare date points ahead ("Friday" is the coming one) unless the reply speaks of the past ("last
 * Friday", "it arrived on Monday"), then it is the latest such day up to today. "03/04/2026" with no
 * locale could be March or April: that is asked, not guessed.
 */
export const findDates: Finder = (text, ctx) => {
  const candidates: Candidate[] = [];
  const past = pointsToPast(text);
  for (const r of parseAll(text, ctx, past)) {
    if (!names(r)) continue;
    let d = zoned(r, ctx);
    if (!d.isValid) continue;
    if (past) d = notAfterToday(r, d, ctx);
    const start = r.index;
    const end = r.index + r.text.length;
    const readings = ctx.locale === undefined ? dayMonthReadings(r.text) : null;
    if (readings) {
      const spoken = readings.map((iso) => DateTime.fromISO(iso).toFormat('d MMMM yyyy'));
      candidates.push({ start, end, invalid: reasons.dateAmbiguous(spoken), ambiguous: readings });
    } else candidates.push({ start, end, value: d.toISODate() });
  }
  return { candidates, none: reasons.date };
};

/** A past-tense date that chrono placed after today: the same weekday, month-day or day, earlier. */
function notAfterToday(r: ParsedResult, d: DateTime, ctx: ExtractContext): DateTime {
  const today = DateTime.fromJSDate(ctx.now, { zone: ctx.timeZone }).startOf('day');
  if (d.startOf('day') <= today || isDurationFromNow(r)) return d;
  const s = r.start;
  if (s.isCertain('weekday') && !s.isCertain('day')) return d.minus({ days: 7 });
  if (s.isCertain('month') && !s.isCertain('year')) return d.minus({ years: 1 });
  if (s.isCertain('day') && !s.isCertain('month')) return d.minus({ months: 1 });
  return d;
}

/** "03/04/2026": both numbers could be the month; with no locale to say which, both readings. */
function dayMonthReadings(written: string): string[] | null {
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(written.trim());
  if (!m) return null;
  const [a, b, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (a === b || a > 12 || b > 12) return null;
  const iso = (month: number, day: number) => DateTime.fromObject({ year, month, day }).toISODate()!;
  return [iso(a, b), iso(b, a)];
}

/**
 * Moments, as ISO 8601 with the zone's offset on that day: "tomorrow at 3pm" →
 * '2026-11-24T15:00:00-05:00'. A date without a time is refused (we would be inventing the hour);
 * a time without a date is the next such time.
 */
export const findDateTimes: Finder = (text, ctx) => {
  const candidates: Candidate[] = [];
  for (const r of parseAll(text, ctx)) {
    const start = r.index;
    const end = r.index + r.text.length;
    if (!r.start.isCertain('hour')) {
      if (names(r)) candidates.push({ start, end, invalid: reasons.timeMissing });
      continue;
    }
    const d = afternoonIfBare(r, zoned(r, ctx));
    if (!d.isValid) continue;
    candidates.push({ start, end, value: d.toISO({ suppressMilliseconds: true }) });
  }
  return { candidates, none: reasons.datetime };
};

/**
 * "tomorrow at 3" means 15:00 to anyone booking a table or an appointment; chrono reads 03:00.
 * Only bare small hours are moved: "03:00", "3am" and 24-hour times are taken as written.
 */
function afternoonIfBare(r: ParsedResult, d: DateTime): DateTime {
  if (isDurationFromNow(r) || r.start.isCertain('meridiem')) return d;
  const hour = r.start.get('hour') ?? 0;
  if (hour < 1 || hour > 7 || /\b0\d[:.h]/.test(r.text)) return d;
  return d.set({ hour: hour + 12 });
}
