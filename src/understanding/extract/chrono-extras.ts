import type * as chrono from 'chrono-node';

/**
 * Date phrases customers use that chrono reads only in part ("Friday after next" → "Friday"):
 * "Friday after next", "a fortnight from today", "the first Monday in October", "next month on the
 * 2nd". Each resolves on the reference day's calendar, as the ordinal-day parser does.
 */

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const WEEKDAY = `(sun|mon|tue|tues|wed|thu|thur|thurs|fri|sat)(?:day|nesday|sday|rsday|urday)?`;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = String.raw`(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?`;
const ORDINALS: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5, last: -1 };
const COUNT: Record<string, number> = { a: 1, one: 1, two: 2, three: 3, four: 4 };

const weekdayIndex = (word: string) =>
  WEEKDAYS.findIndex((d) => d.startsWith(word.toLowerCase().slice(0, 3)));
const monthIndex = (word: string) => MONTHS.indexOf(word.toLowerCase().slice(0, 3));

function ymd(context: chrono.ParsingContext, d: Date) {
  return context.createParsingComponents({
    year: d.getFullYear(),
    month: d.getMonth() + 1,
    day: d.getDate(),
  });
}

function refDay(context: chrono.ParsingContext): Date {
  const r = context.reference.getDateWithAdjustedTimezone();
  return new Date(r.getFullYear(), r.getMonth(), r.getDate());
}

/** "Friday after next", "the Friday after next": the Friday of the week after the coming one. */
const weekdayAfterNext: chrono.Parser = {
  pattern: () => new RegExp(String.raw`(?<![\w])(?:the\s+)?${WEEKDAY}\s+after\s+next(?![\w])`, 'i'),
  extract: (context, match) => {
    const day = refDay(context);
    let ahead = (weekdayIndex(match[1]!) - day.getDay() + 7) % 7;
    if (ahead === 0) ahead = 7;
    day.setDate(day.getDate() + ahead + 7);
    return ymd(context, day);
  },
};

/** "a fortnight from today", "in two fortnights", "a fortnight today": 14 days per fortnight. */
const fortnight: chrono.Parser = {
  pattern: () =>
    /(?<![\w])(?:in\s+)?(a|one|two|three|four|\d+)\s+fortnights?(?:\s+(?:from\s+(?:today|now)|today|time|from\s+now))?(?![\w])/i,
  extract: (context, match) => {
    const n = COUNT[match[1]!.toLowerCase()] ?? Number(match[1]);
    const day = refDay(context);
    day.setDate(day.getDate() + 14 * n);
    return ymd(context, day);
  },
};

/** "the first Monday in October", "the last Friday of March 2027": this year's, or next year's once past. */
const nthWeekdayOfMonth: chrono.Parser = {
  pattern: () =>
    new RegExp(
      String.raw`(?<![\w])(?:the\s+)?(first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th)\s+${WEEKDAY}\s+(?:in|of)\s+${MONTH}(?:\s+(\d{4}))?(?![\w])`,
      'i',
    ),
  extract: (context, match) => {
    const word = match[1]!.toLowerCase();
    const nth = ORDINALS[word] ?? Number.parseInt(word, 10);
    const weekday = weekdayIndex(match[2]!);
    const month = monthIndex(match[3]!);
    const today = refDay(context);
    const explicitYear = match[4] ? Number(match[4]) : undefined;
    const pick = (year: number) => nthWeekday(year, month, weekday, nth);
    let d = pick(explicitYear ?? today.getFullYear());
    if (!explicitYear && d !== null && d < today) d = pick(today.getFullYear() + 1);
    if (d === null) return null;
    return ymd(context, d);
  },
};

function nthWeekday(year: number, month: number, weekday: number, nth: number): Date | null {
  if (nth < 0) {
    const last = new Date(year, month + 1, 0);
    last.setDate(last.getDate() - ((last.getDay() - weekday + 7) % 7));
    return last;
  }
  const first = new Date(year, month, 1);
  const d = new Date(year, month, 1 + ((weekday - first.getDay() + 7) % 7) + 7 * (nth - 1));
  return d.getMonth() === month ? d : null;
}

/** "next month on the 2nd", "on the 2nd of next month", "the 2nd next month". */
const dayOfNextMonth: chrono.Parser = {
  pattern: () =>
    /(?<![\w])(?:next\s+month\s+on\s+the\s+([1-9]|[12]\d|3[01])(?:st|nd|rd|th)|(?:on\s+)?the\s+([1-9]|[12]\d|3[01])(?:st|nd|rd|th)\s+(?:of\s+)?next\s+month)(?![\w])/i,
  extract: (context, match) => {
    const today = refDay(context);
    const day = Number(match[1] ?? match[2]);
    const d = new Date(today.getFullYear(), today.getMonth() + 1, day);
    // "the 31st of next month" in a 30-day month is no date at all.
    if (d.getDate() !== day) return null;
    return ymd(context, d);
  },
};

export const extraParsers: chrono.Parser[] = [weekdayAfterNext, fortnight, nthWeekdayOfMonth, dayOfNextMonth];
