import { englishUnmerged } from '../chrono-parsers.ts';
import { overlaps, withoutOverlaps } from './span-tools.ts';

export interface TimePiece {
  kind: 'date' | 'time' | 'both';
  start: number;
  end: number;
}

// Where a date or time falls in a sentence does not depend on today's date; a fixed reference keeps
// the spans deterministic.
const REFERENCE = { instant: new Date(Date.UTC(2018, 7, 1, 12)), timezone: 0 };

const LEADING_WORDS = /^(?:at|on|for|by|around|about|from|after|before|until|till|til|the|of)\s+/i;
const HOUR_WORD = '(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)';
const SMALL_WORD = `(?:${HOUR_WORD}|fifteen|twenty|thirty|forty|forty-five|fifty)`;
const MINUTE_WORD =
  "(?:o'?clock|oh[\\s-](?:five|one|two|three|four|six|seven|eight|nine)|fifteen|thirty|forty[\\s-]?five|forty|fifty[\\s-]?five|fifty|twenty(?:[\\s-]five)?|ten|five)";
const MERIDIEM = String.raw`(?:\s?[ap]\.?\s?m\b\.?)`;
const PARTY_AFTER =
  /^\s*(?:people|persons?|adults?|kids|children|guests|of us|of them|others|friends|couples|pax)\b/i;
const WEEKDAY_ABBREVIATION = /^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?$/i;
const MONTH_ONLY =
  /^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?$/i;

/** Whether a chrono result should be dropped as not being a booking date or time. */
function notABookingMoment(text: string, start: number, words: string): boolean {
  const before = text.slice(0, start);
  // Past moments ("6 days ago", "yesterday") are when something happened, not the booking.
  if (
    /\bago\b|^yesterday$|^last (?:week|night|month|year|time)$|^(?:this|next|last) (?:month|year)$/i.test(
      words,
    )
  )
    return true;
  // Chrono reads "a quarter" (past six) as a quarter of the year; the time rules handle it.
  if (/quarter/i.test(words) && !/\d{4}/.test(words)) return true;
  // A month on its own is no day to book, and is often a first name ("August Wurzer").
  if (MONTH_ONLY.test(words)) return true;
  // "When are you open on Friday?" asks about opening hours.
  if (/\bopen(?:ing)?(?: times| hours)?(?: on)?\s+$/i.test(before)) return true;
  if (/^now$/i.test(words)) {
    const alone =
      /^\W*$/.test(before.replace(/\bright\s*$/i, '')) && /^\W*$/.test(text.slice(start + words.length));
    return !alone && !/\b(?:free|available|right|open)\s+$/i.test(before);
  }
  return false;
}

/** Dates and times chrono finds, with the words the Restaurants-8k annotators leave out removed. */
function chronoPieces(text: string): TimePiece[] {
  const pieces: TimePiece[] = [];
  for (const r of englishUnmerged.parse(text, REFERENCE)) {
    let start = r.index;
    let words = r.text;
    // A range ("7pm to 9") is annotated by its first end; "from 7 to 9 people" is a party size.
    if (r.end && PARTY_AFTER.test(text.slice(r.index + r.text.length))) continue;
    if (r.end) {
      const cut = /\s*(?:to|-|until|till|or)\s*/i.exec(words.slice(1));
      if (cut) words = words.slice(0, cut.index + 1);
    }
    for (let m = LEADING_WORDS.exec(words); m; m = LEADING_WORDS.exec(words)) {
      start += m[0].length;
      words = words.slice(m[0].length);
    }
    words = words.replace(/[\s,]+$/, '');
    if (words.length === 0 || notABookingMoment(text, start, words)) continue;
    const end = start + words.length;
    const tags = r.start.tags();
    const certain = (c: Parameters<typeof r.start.isCertain>[0]) => r.start.isCertain(c);
    const datePart = certain('day') || certain('weekday') || certain('month');
    let kind: TimePiece['kind'];
    if (/^now$/i.test(words)) kind = 'both';
    else if (tags.has('result/relativeDateAndTime')) {
      // "in an hour" moves the day and the hour alike; "15 minutes before noon" is only a time.
      kind = /^(?:in|within)\b|\bfrom now\b|\blater\b/i.test(words) ? 'both' : 'time';
    } else if ([...tags].some((t) => /^casualReference\/(?:evening|morning|afternoon|night)$/.test(t))) {
      // "this evening" names a day; a bare "evening" only colours a time next to it.
      if (!/^this\s/i.test(words)) continue;
      kind = 'date';
    } else if (certain('hour') && !datePart) {
      // "from 3 women and 4 kids" is not three o'clock.
      if (/^\d{1,2}$/.test(words) && PARTY_AFTER.test(text.slice(end))) continue;
      kind = 'time';
    } else kind = 'date';
    pieces.push({ kind, start, end });
  }
  return pieces;
}

const MONTH = String.raw`(?:january|february|march|april|may|june|july|august|september|october|november|december|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?)`;
const WEEKDAY = String.raw`(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|(?:mon|tues?|wed|thu|thurs?|fri|sat|sun)\.?)`;
const ORDINAL_WORD = String.raw`(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty[\s-](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirtieth|thirty[\s-]first)`;
const DAY_WORD = String.raw`(?:${ORDINAL_WORD}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|thirty(?:[\s-]one)?)`;
const DAY = String.raw`(?:(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?|${DAY_WORD})`;
const YEAR = String.raw`(?:,?\s+(?:of\s+)?(?:19|20)\d\d)`;
const COUNT_WORD = String.raw`(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|thirty|a couple of|a few)`;

/** Dates chrono misses or cuts short: "August the 20th", "the last Friday of this month", "tommorow". */
function extraDates(text: string): TimePiece[] {
  const found: TimePiece[] = [];
  const res = [
    /\b(?:tommorow|tommorrow|tomorow|tmrw|tmr)\b/gi,
    /\b(?:new year'?s (?:eve|day)|christmas (?:eve|day)|valentine'?s day|boxing day)\b/gi,
    new RegExp(
      String.raw`\bin (?:about |around )?${COUNT_WORD} (?:more )?(?:days?|weeks?)(?: and ${COUNT_WORD} days?)?\b`,
      'gi',
    ),
    new RegExp(String.raw`\b${COUNT_WORD} (?:days?|weeks?) from (?:now|today|tomorrow)\b`, 'gi'),
    new RegExp(
      String.raw`\b(?:${WEEKDAY},?\s+)?${MONTH},?\s+(?:the\s+)?${DAY}\b(?!\s+of\s+(?:us|you|them))${YEAR}?`,
      'gi',
    ),
    new RegExp(
      String.raw`\b(?:${WEEKDAY},?\s+)?(?:the\s+)?${DAY}\s+(?:of\s+)?${MONTH}(?![a-z])${YEAR}?`,
      'gi',
    ),
    new RegExp(
      String.raw`\b(?:first|second|third|fourth|last)\s+${WEEKDAY}\s+(?:of|in)\s+(?:${MONTH}|this month|next month)(?![a-z])`,
      'gi',
    ),
  ];
  for (const re of res) {
    for (const m of text.matchAll(re)) {
      let start = m.index;
      const lead = /^the\s+/i.exec(m[0]);
      if (lead) start += lead[0].length;
      found.push({ kind: 'date', start, end: m.index + m[0].length });
    }
  }
  for (const m of text.matchAll(/\bin an hour and a half\b/gi))
    found.push({ kind: 'both', start: m.index, end: m.index + m[0].length });
  return found;
}

/** Spoken and shorthand times that chrono leaves alone. */
function extraTimes(text: string, timeRequested: boolean): TimePiece[] {
  const found: TimePiece[] = [];
  const add = (re: RegExp, group = 0) => {
    for (const m of text.matchAll(re)) {
      const g = m[group];
      if (g === undefined) continue;
      const start = m.index + m[0].lastIndexOf(g);
      if (PARTY_AFTER.test(text.slice(start + g.length))) continue;
      found.push({ kind: 'time', start, end: start + g.length });
    }
  };
  const hour = `(?:\\d{1,2}|${HOUR_WORD})`;
  add(/\b\d{1,2}(?:[:.]\d\d)?-?ish\b/gi);
  add(/\b(\d{1,2}(?:[:.]\d\d)?)\s+ish\b/gi, 1);
  add(
    new RegExp(
      String.raw`\b(?:quarter|half)(?:\s+|-)(?:past|to|after|before|of|til)\s+${hour}(?:[:.]\d\d)?${MERIDIEM}?`,
      'gi',
    ),
  );
  add(new RegExp(String.raw`\bhalf\s+(?:\d{1,2}|${HOUR_WORD})\b(?!\s*(?:an?|of)\b)`, 'gi'));
  add(/\b(?:[01]?\d|2[0-3])\s?hrs?\b/gi);
  add(/\b(?:1[3-9]|2[0-3])[:.][0-5]\d(?=\s?[ap]\.?m)/gi);
  add(
    new RegExp(
      String.raw`\b(?:\d{1,2}|${SMALL_WORD})\s+(?:minutes|mins)\s+(?:before|after|past|to)\s+(?:\d{1,2}(?:[:.]\d\d)?${MERIDIEM}?|noon|midday|midnight)`,
      'gi',
    ),
  );
  add(
    new RegExp(
      String.raw`\b(?:\d{1,2}|${SMALL_WORD})\s+(?:after|past|to|before)\s+${hour}${MERIDIEM}?(?![:.]?\d)`,
      'gi',
    ),
  );
  add(/\bmidday\b/gi);
  add(
    new RegExp(
      String.raw`\b(?:\d{1,2}(?:[:.]\d\d)?|${HOUR_WORD})\s+in the (?:morning|afternoon|evening)\b`,
      'gi',
    ),
  );
  // "six fifteen pm", "eight fifteen", "seven pm"
  add(new RegExp(String.raw`\b${HOUR_WORD}(?:[\s-]${MINUTE_WORD})${MERIDIEM}?`, 'gi'));
  add(new RegExp(String.raw`\b${HOUR_WORD}${MERIDIEM}`, 'gi'));
  // A preposition of time makes a bare number a time: "at seven", "any time after 6", "around 9".
  add(new RegExp(String.raw`\b(?:at|around)\s+(${HOUR_WORD})\b(?!\s+(?:of|table)\b)`, 'gi'), 1);
  add(
    /\b(?:after|past|around|about|like|so|by|till|until|before)\s+(\d{1,2}(?:[:.][0-5]\d)?)(?![\d:.]|\s*(?:[ap]\.?m|o'?clock|days?|weeks?|months?|years?|hours?|minutes?|mins?|of|%|more|stars?|people|persons?|others?|guests?))/gi,
    1,
  );
  add(
    /\b(?:at|for|around|about|evening|morning|by|till|until|maybe|still)\s+(\d{1,2}\.[0-5]\d)(?![\d.])/gi,
    1,
  );
  if (timeRequested) {
    // Replies to "what time?": "2030", "1515", "615", "6.15".
    add(/(?<![\d/:.])(?:[01]\d|2[0-3])[0-5]\d(?![\d/:.])/g);
    add(/(?<![\d/:.$])[1-9][0-5]\d(?![\d/:.%])/g);
    add(/(?<![\d/:.$])\d{1,2}[.:][0-5]\d(?![\d/:.%])/g);
  }
  return found;
}

const MERIDIEM_AT_END = /[ap]\.?\s?m\.?$/i;

/** The Restaurants-8k conventions for where a time's span starts and ends, learned from train.json. */
function shapeTime(text: string, p: TimePiece): TimePiece {
  let { start, end } = p;
  const words = () => text.slice(start, end);
  // "07:45 p.m" without its last dot is still the meridiem.
  const cutMeridiem = /^\.?m\b\.?/i.exec(text.slice(end));
  if (/\s[ap]$/i.test(words()) && cutMeridiem) end += cutMeridiem[0].length;
  // Words chrono keeps that the annotators do not: "8 o'clock" → "8", "at 8 at night" → "8"
  // (a bare "10 at night" keeps them).
  const trailing = /\s*(?:o'?clock|at night)$/i.exec(words());
  const bareHourAtNight = /^\d{1,2} at night$/i.test(words()) && !/\bat\s+$/i.test(text.slice(0, start));
  if (trailing && trailing.index > 0 && !bareHourAtNight) end = start + trailing.index;
  // "11:15 AM" and "12:30 PM" are annotated without the meridiem; other "7:30 PM" keep it.
  const spaced = /^(\d{1,2})(?:[:.]?(\d\d))?\s+([ap])\.?\s?m\.?$/i.exec(words());
  if (spaced && spaced[2] !== undefined && (spaced[3]!.toLowerCase() === 'a' || spaced[1] === '12')) {
    end = start + words().search(/\s+[ap]\.?\s?m/i);
  } else if (MERIDIEM_AT_END.test(words()) && !words().endsWith('.') && text[end] === '.') {
    // A sentence-final full stop after "pm" is taken as part of it.
    end += 1;
  }
  const hasMeridiem = MERIDIEM_AT_END.test(words());
  const hasMinutes = /\d[:.]?\d\d\b/.test(words());
  // "7:30 in the morning" keeps the part of day only for whole hours in the morning.
  const partOfDay = /\s+in the (morning|afternoon|evening)$/i.exec(words());
  if (partOfDay && partOfDay[1]!.toLowerCase() === 'morning' && hasMinutes) end = start + partOfDay.index;
  if (!hasMeridiem && !partOfDay) {
    const after = /^\s+in the (morning|afternoon|evening)\b/i.exec(text.slice(end));
    if (after && !(after[1]!.toLowerCase() === 'morning' && hasMinutes) && /^(?:\d|[a-z]+$)/i.test(words())) {
      end += after[0].length;
    }
    // "tomorrow night at 8:15" → "night at 8:15"; "this evening at 08:30PM" keeps the evening apart.
    const before = /\b(?:evening|night)\s+(?:at|around)\s+$/i.exec(text.slice(0, start));
    if (before) start -= before[0].length;
    const tonight = /^\s+tonight\b/i.exec(text.slice(end));
    if (tonight && /^\d{1,2}(?:[:.]\d\d)?$/.test(words())) end += tonight[0].length;
  }
  return { ...p, start, end };
}

/** Joins a weekday and a date written next to each other: "Friday the 28th of December, 2018". */
function joinDates(text: string, pieces: TimePiece[]): TimePiece[] {
  const sorted = [...pieces].sort((a, b) => a.start - b.start);
  const out: TimePiece[] = [];
  for (const p of sorted) {
    const prev = out[out.length - 1];
    if (prev && prev.kind === 'date' && p.kind === 'date') {
      const gap = text.slice(prev.end, p.start);
      if (/^(?:,?\s*(?:on\s+)?(?:the\s+)?|,|\s+of\s+)$/i.test(gap) && gap.length <= 9) {
        prev.end = p.end;
        continue;
      }
    }
    out.push({ ...p });
  }
  const kept: TimePiece[] = [];
  for (const p of out) {
    const words = text.slice(p.start, p.end);
    if (WEEKDAY_ABBREVIATION.test(words) || /^(?:this|next) (?:month|year)$/i.test(words)) continue;
    // "not tomorrow", "a Sunday roast": no booking date.
    if (/\bnot\s+(?:for\s+|on\s+)?(?:the\s+)?$/i.test(text.slice(0, p.start))) continue;
    if (/^\s+(?:roast|brunch|menu|special|market|service)\b/i.test(text.slice(p.end))) continue;
    const suffix = /^(?:\s+this year|,?\s+(?:of\s+)?(?:19|20)\d\d)\b/i.exec(text.slice(p.end));
    if (suffix && !/(?:19|20)\d\d$/.test(words)) p.end += suffix[0].length;
    // "15 days from today", "this coming Saturday" → "coming Saturday".
    const lead = /(?:\b(?:\d+|[a-z]+)\s+(?:days?|weeks?)\s+from\s+|\bcoming\s+)$/i.exec(
      text.slice(0, p.start),
    );
    if (lead && (/^today$/i.test(words) || /^coming/i.test(lead[0]))) p.start -= lead[0].length;
    kept.push(p);
  }
  return kept;
}

/**
 * Date and time spans in a customer's message, as Restaurants-8k marks them: "tomorrow" and "8pm"
 * apart in "tomorrow at 8pm"; "in an hour" is both a date and a time.
 */
export function dateTimePieces(text: string, timeRequested: boolean): TimePiece[] {
  const fromChrono = chronoPieces(text);
  const extra = [...extraTimes(text, timeRequested), ...extraDates(text)].filter(
    (e) => !fromChrono.some((c) => overlaps(c, e) && c.end - c.start >= e.end - e.start),
  );
  const chronoKept = fromChrono.filter((c) => !extra.some((e) => overlaps(c, e)));
  const all = [...chronoKept, ...extra];
  const times = withoutOverlaps(all.filter((p) => p.kind !== 'date')).map((p) =>
    p.kind === 'time' ? shapeTime(text, p) : p,
  );
  const dates = joinDates(text, withoutOverlaps(all.filter((p) => p.kind === 'date')));
  // "5pm not 6pm", "2pm instead of 3:30pm": the rejected one is no answer.
  const wanted = times.filter((t) => !/\b(?:not|instead of|rather than)\s+$/i.test(text.slice(0, t.start)));
  return [...dates, ...wanted].sort((a, b) => a.start - b.start);
}
