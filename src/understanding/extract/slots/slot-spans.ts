import type { SlotSpan } from '../types.ts';
import { dateTimePieces } from './date-time-spans.ts';
import { nameSpans } from './name-spans.ts';
import { peopleSpans, requestedCount } from './people-spans.ts';
import { COUNT, overlaps } from './span-tools.ts';

/**
 * Restaurant booking slots in a customer's message — date, time, people, first_name, last_name — as
 * exact character spans following the Restaurants-8k conventions. `requestedSlots` are the slots the
 * agent just asked for; they decide what a bare "13" or a lone "Denger" is.
 */
export function extractSlotSpans(text: string, requestedSlots: string[]): SlotSpan[] {
  const requested = new Set(requestedSlots);
  const timeAsked = requested.has('time');
  const peopleAsked = requested.has('people');
  const spans: SlotSpan[] = [];
  const pieces = dateTimePieces(text, timeAsked && !peopleAsked);
  for (const p of pieces) {
    if (p.kind === 'date' || p.kind === 'both') spans.push({ slot: 'date', start: p.start, end: p.end });
    if (p.kind === 'time' || p.kind === 'both') spans.push({ slot: 'time', start: p.start, end: p.end });
  }
  const names = nameSpans(text, requestedSlots);
  const taken = [...pieces, ...names];
  const people = peopleSpans(text, taken, peopleAsked, timeAsked);
  for (const r of people) spans.push({ slot: 'people', start: r.start, end: r.end });
  if (peopleAsked && people.length === 0) {
    const r = requestedCount(text, taken);
    if (r) spans.push({ slot: 'people', start: r.start, end: r.end });
  }
  if (timeAsked && !spans.some((s) => s.slot === 'time')) {
    const bare = bareHour(text, [...taken, ...people]);
    if (bare) spans.push({ slot: 'time', start: bare.start, end: bare.end });
  }
  // A name never overlaps a date or a time ("Friday" is not a surname here).
  for (const n of names) if (!pieces.some((p) => overlaps(p, n))) spans.push(n);
  return spans.sort((a, b) => a.start - b.start);
}

/** "what time?" — "13", "any time after 6", "seven". */
function bareHour(
  text: string,
  taken: Array<{ start: number; end: number }>,
): { start: number; end: number } | null {
  for (const m of text.matchAll(new RegExp(String.raw`\b${COUNT}\b`, 'gi'))) {
    const r = { start: m.index, end: m.index + m[0].length };
    if (taken.some((t) => overlaps(t, r))) continue;
    if (/^\d+$/.test(m[0]) && Number(m[0]) > 24) continue;
    return r;
  }
  return null;
}
