import { findBooleans } from './boolean.ts';
import { correctedStart } from './corrected.ts';
import { findDates, findDateTimes } from './dates.ts';
import { findDecimals } from './decimal.ts';
import { findEmails } from './email.ts';
import { matchEnum } from './enum-match.ts';
import { findIntegers } from './integer.ts';
import { splitList } from './list-split.ts';
import { findPatternMatches } from './pattern.ts';
import { findPhones } from './phone.ts';
import { reasons } from './reasons.ts';
import type { Candidate, ExtractContext, Extraction, Finder, ValueSpec } from './types.ts';
import { findUrls } from './url.ts';

/** The plain text of a reply, as a one-candidate finder (a string input takes the whole answer). */
const wholeText: Finder = (text) => {
  const trimmed = text.trim();
  const start = text.indexOf(trimmed);
  return { candidates: [{ start, end: start + trimmed.length, value: trimmed }], none: reasons.empty };
};

function finderFor(spec: ValueSpec): Finder {
  if (spec.format === 'email') return findEmails;
  if (spec.format === 'phone') return findPhones;
  if (spec.format === 'url') return findUrls;
  switch (spec.type) {
    case 'integer':
      return findIntegers;
    case 'decimal':
      return findDecimals;
    case 'boolean':
      return findBooleans;
    case 'date':
      return findDates;
    case 'datetime':
      return findDateTimes;
    case 'string':
      return wholeText;
  }
}

/**
 * Takes the value of one input from a customer's words, parsed into the declared type and checked
 * against its format, pattern and allowed values (spec §B2, §C2). Never throws: a value that is not
 * there or not valid comes back with a short sentence to say to the customer.
 */
export function extractValue(text: string, spec: ValueSpec, ctx: ExtractContext): Extraction {
  if (text.trim().length === 0) return { ok: false, reason: reasons.empty };
  const { candidates, none } = afterCorrection(text, spec, ctx) ?? findCandidates(text, spec, ctx);
  if (spec.array) return asArray(candidates, none);
  const first = candidates[0];
  if (!first) return { ok: false, reason: none };
  if ('invalid' in first) {
    if (first.ambiguous)
      return { ok: false, ambiguous: true, reason: first.invalid, options: first.ambiguous };
    return { ok: false, reason: first.invalid };
  }
  const either = eitherOr(text, candidates);
  if (either) return either;
  // Two different answers to one question ("large, no, small") are for the customer to settle.
  if (spec.enum && spec.type === 'string') {
    const distinct = [...new Set(candidates.flatMap((c) => ('value' in c ? [String(c.value)] : [])))];
    if (distinct.length > 1) return { ok: false, reason: reasons.enumAmbiguous(distinct) };
  }
  return { ok: true, value: first.value, span: { start: first.start, end: first.end } };
}

/**
 * "not X but Y", "X, sorry, Y": the candidates of Y alone, at their places in the whole text. Null
 * when nothing is corrected or Y holds nothing of the kind (then the whole reply is read). A free
 * string is only split when both sides are short: "not broken but scratched" is a description.
 */
function afterCorrection(
  text: string,
  spec: ValueSpec,
  ctx: ExtractContext,
): { candidates: Candidate[]; none: string } | null {
  // A list names several values on purpose ("yes, no, yes").
  if (spec.array) return null;
  const at = correctedStart(text);
  if (at === null) return null;
  const plain = spec.type === 'string' && !spec.format && !spec.enum && spec.pattern === undefined;
  if (plain && text.trim().split(/\s+/).length > 8) return null;
  const found = findCandidates(text.slice(at), spec, ctx);
  if (found.candidates.length === 0) return null;
  const shifted = found.candidates.map((c) => ({ ...c, start: c.start + at, end: c.end + at }));
  return { candidates: shifted, none: found.none };
}

/** "3 or 4", "Friday or Saturday": two values offered for one answer are the customer's to choose. */
function eitherOr(text: string, candidates: Candidate[]): Extraction | null {
  const [a, b] = candidates;
  if (!a || !b || !('value' in a) || !('value' in b)) return null;
  if (!/^\s*(?:,\s*)?(?:or|or maybe|\/)\s*$/i.test(text.slice(a.end, b.start))) return null;
  if (JSON.stringify(a.value) === JSON.stringify(b.value)) return null;
  const options = [a.value, b.value];
  return { ok: false, ambiguous: true, reason: reasons.valuesAmbiguous(options.map(String)), options };
}

function findCandidates(
  text: string,
  spec: ValueSpec,
  ctx: ExtractContext,
): { candidates: Candidate[]; none: string } {
  if (spec.enum && spec.enum.length > 0 && spec.type === 'string' && !spec.format)
    return matchEnum(text, spec.enum);
  if (spec.pattern !== undefined) return withinPattern(text, spec, ctx);
  if (spec.array && (spec.type === 'string' || spec.type === 'boolean') && !spec.format)
    return listItems(text, spec, ctx);
  const found = finderFor(spec)(text, ctx);
  if (!spec.enum || spec.enum.length === 0) return found;
  return onlyAllowed(found.candidates, spec.enum, found.none);
}

/** Values that match the pattern as a whole, each then read as the declared type. */
function withinPattern(
  text: string,
  spec: ValueSpec,
  ctx: ExtractContext,
): { candidates: Candidate[]; none: string } {
  const matches = findPatternMatches(text, spec.pattern!);
  const plainString = spec.type === 'string' && !spec.format;
  if (plainString) return matches;
  const finder = finderFor(spec);
  const candidates: Candidate[] = [];
  for (const m of matches.candidates) {
    const inner = finder(text.slice(m.start, m.end), ctx).candidates[0];
    if (inner && 'value' in inner) candidates.push({ start: m.start, end: m.end, value: inner.value });
  }
  return { candidates, none: matches.none };
}

/** For string and yes/no lists: the items as the customer separated them. */
function listItems(
  text: string,
  spec: ValueSpec,
  ctx: ExtractContext,
): { candidates: Candidate[]; none: string } {
  const items = splitList(text);
  if (spec.type === 'string') {
    return {
      candidates: items.map((i) => ({ start: i.start, end: i.end, value: i.value })),
      none: reasons.empty,
    };
  }
  const candidates: Candidate[] = items.map((i) => {
    const b = findBooleans(i.value, ctx).candidates[0];
    return b && 'value' in b
      ? { start: i.start, end: i.end, value: b.value }
      : { start: i.start, end: i.end, invalid: reasons.boolean };
  });
  return { candidates, none: reasons.boolean };
}

function onlyAllowed(
  found: Candidate[],
  allowed: string[],
  none: string,
): { candidates: Candidate[]; none: string } {
  const ok = new Set(allowed.map((a) => a.toLowerCase()));
  const candidates = found.map((c) =>
    'value' in c && !ok.has(String(c.value).toLowerCase())
      ? { start: c.start, end: c.end, invalid: reasons.enumNone(allowed) }
      : c,
  );
  return { candidates, none: found.length > 0 ? reasons.enumNone(allowed) : none };
}

function asArray(candidates: Candidate[], none: string): Extraction {
  const invalid = candidates.find((c) => 'invalid' in c);
  if (invalid && 'invalid' in invalid) return { ok: false, reason: invalid.invalid };
  if (candidates.length === 0) return { ok: false, reason: none };
  // A value named twice ("the 23rd, so Monday the 23rd") is one value.
  const seen = new Set<string>();
  const values: unknown[] = [];
  for (const c of candidates) {
    if (!('value' in c)) continue;
    const key = JSON.stringify(c.value);
    if (seen.has(key)) continue;
    seen.add(key);
    values.push(c.value);
  }
  return {
    ok: true,
    value: values,
    span: { start: candidates[0]!.start, end: candidates[candidates.length - 1]!.end },
  };
}
