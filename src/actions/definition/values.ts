import { type ErrorDetail, formatPath, invalid } from '../../shared/errors.ts';
import { tryFullMatcher } from '../../shared/linear-regex.ts';
import { JsonNumber } from './json-numbers.ts';
import type { InputDefinition, ScalarType } from './schema.ts';

export type ScalarValue = string | number | boolean;
export type InputValue = ScalarValue | ScalarValue[];
export type InputValues = Record<string, InputValue>;

export type CheckResult = { ok: true; values: InputValues } | { ok: false; details: ErrorDetail[] };

export const MAX_ARRAY_ITEMS = 1000;

/**
 * Checks supplied inputs against their definitions, strictly, as Zendesk does (B2): no
 * coercion, so `3.0` is not an integer, the string "true" is not a boolean and `false` is
 * not a string. A JS number cannot show whether it was written `3.0`; pass values parsed
 * with `parseJsonPreservingNumbers` (JsonNumber) to have that judged on the source text.
 * Missing optional inputs take their default; `null` counts as missing. Unknown names are
 * errors. Paths are `qty`, `ids[1]`, under `pathPrefix` when given.
 */
export function checkInputs(
  definition: { inputs: readonly InputDefinition[] },
  supplied: unknown,
  pathPrefix: PropertyKey[] = [],
): CheckResult {
  const details: ErrorDetail[] = [];
  if (
    supplied !== undefined &&
    (supplied === null || typeof supplied !== 'object' || Array.isArray(supplied))
  ) {
    return { ok: false, details: [{ path: formatPath(pathPrefix), message: 'Inputs must be an object.' }] };
  }
  const given = (supplied ?? {}) as Record<string, unknown>;
  const known = inputNames(definition.inputs);
  for (const name in given) {
    if (Object.hasOwn(given, name) && !known.has(name))
      details.push({ path: formatPath([...pathPrefix, name]), message: 'Unknown input.' });
  }
  const values: InputValues = {};
  for (const input of definition.inputs) {
    const path = [...pathPrefix, input.name];
    const raw = Object.hasOwn(given, input.name) ? given[input.name] : undefined;
    if (raw === undefined || raw === null || (raw === '' && input.required)) {
      if (input.default !== undefined) values[input.name] = input.default as InputValue;
      else if (input.required) details.push({ path: formatPath(path), message: 'A value is required.' });
      continue;
    }
    const result = checkValue(input, raw, path);
    if ('details' in result) details.push(...result.details);
    else values[input.name] = result.value;
  }
  return details.length > 0 ? { ok: false, details } : { ok: true, values };
}

const namesByInputs = new WeakMap<readonly InputDefinition[], ReadonlySet<string>>();

function inputNames(inputs: readonly InputDefinition[]): ReadonlySet<string> {
  let names = namesByInputs.get(inputs);
  if (!names) {
    names = new Set(inputs.map((i) => i.name));
    namesByInputs.set(inputs, names);
  }
  return names;
}

/** checkInputs that throws the 422 (code `invalid_input`) instead of returning details. */
export function validateInputs(
  definition: { inputs: readonly InputDefinition[] },
  supplied: unknown,
): InputValues {
  const result = checkInputs(definition, supplied);
  if (!result.ok) throw invalid('The inputs are invalid.', result.details, 'invalid_input');
  return result.values;
}

type Checked<T> = { value: T } | { details: ErrorDetail[] };

/** One value against one input definition (type, format, enum, pattern). */
export function checkValue(
  input: Pick<InputDefinition, 'type' | 'items' | 'format' | 'enum' | 'pattern'>,
  raw: unknown,
  path: PropertyKey[],
): Checked<InputValue> {
  if (input.type !== 'array') return checkScalar(input.type, input, raw, path);
  if (!Array.isArray(raw)) return problem(path, `Expected an array, got ${describe(raw)}.`);
  if (raw.length > MAX_ARRAY_ITEMS) return problem(path, `At most ${MAX_ARRAY_ITEMS} items.`);
  const items: ScalarValue[] = [];
  const details: ErrorDetail[] = [];
  raw.forEach((item, index) => {
    const result = checkScalar(input.items ?? 'string', input, item, [...path, index]);
    if ('details' in result) details.push(...result.details);
    else items.push(result.value);
  });
  return details.length > 0 ? { details } : { value: items };
}

function checkScalar(
  type: ScalarType,
  rules: Pick<InputDefinition, 'format' | 'enum' | 'pattern'>,
  raw: unknown,
  path: PropertyKey[],
): Checked<ScalarValue> {
  const typed = checkType(type, raw);
  if (typeof typed === 'string') return problem(path, typed);
  const value = typed.value;
  if (typeof value === 'string') {
    const formatProblem = rules.format ? checkFormat(rules.format, value) : undefined;
    if (formatProblem) return problem(path, formatProblem);
    // A stored pattern that does not compile matches nothing (it is refused when saved).
    if (rules.pattern !== undefined && !tryFullMatcher(rules.pattern)?.test(value)) {
      return problem(path, `Does not match the pattern ${rules.pattern}.`);
    }
  }
  if (rules.enum && !rules.enum.some((allowed) => unwrap(allowed) === value)) {
    return problem(path, `Must be one of ${rules.enum.map((v) => JSON.stringify(unwrap(v))).join(', ')}.`);
  }
  return { value };
}

/** The strict type table; returns the typed value or why it does not fit. */
/** Integers are exact only up to 2^53 − 1 in JSON consumers such as this one; past that they round. */
const outOfRange = (written: string) =>
  `${written.length > 30 ? `${written.slice(0, 27)}...` : written} is out of range: integers must be between -9007199254740991 and 9007199254740991.`;

export function checkType(type: ScalarType, raw: unknown): { value: ScalarValue } | string {
  switch (type) {
    case 'string':
      return typeof raw === 'string' ? { value: raw } : `Expected a string, got ${describe(raw)}.`;
    case 'boolean':
      return typeof raw === 'boolean' ? { value: raw } : `Expected true or false, got ${describe(raw)}.`;
    case 'integer': {
      if (raw instanceof JsonNumber) {
        if (!/^-?(0|[1-9][0-9]*)$/.test(raw.source))
          return `Expected an integer (no fraction or exponent), got ${raw.source}.`;
        return Number.isSafeInteger(raw.value) ? { value: raw.value } : outOfRange(raw.source);
      }
      if (typeof raw === 'number' && Number.isInteger(raw) && !Number.isSafeInteger(raw))
        return outOfRange(String(raw));
      return typeof raw === 'number' && Number.isSafeInteger(raw)
        ? { value: raw }
        : `Expected an integer, got ${describe(raw)}.`;
    }
    case 'decimal': {
      const n = raw instanceof JsonNumber ? raw.value : raw;
      return typeof n === 'number' && Number.isFinite(n)
        ? { value: n }
        : `Expected a number, got ${describe(raw)}.`;
    }
    case 'date':
      return typeof raw === 'string' && isDate(raw)
        ? { value: raw }
        : `Expected a date as YYYY-MM-DD, got ${describe(raw)}.`;
    case 'datetime':
      return typeof raw === 'string' && isDateTime(raw)
        ? { value: raw }
        : `Expected a date and time with offset (RFC 3339, e.g. 2025-06-02T14:30:00Z), got ${describe(raw)}.`;
  }
}

const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;
const E164 = /^\+[1-9][0-9]{1,14}$/;

export function checkFormat(format: 'email' | 'phone' | 'url', value: string): string | undefined {
  switch (format) {
    case 'email':
      return value.length <= 254 && EMAIL.test(value)
        ? undefined
        : 'Expected an email address like jane@example.com.';
    case 'phone':
      return E164.test(value) ? undefined : 'Expected a phone number in E.164 form, like +14155550123.';
    case 'url': {
      const ok = value.length <= 2048 && URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);
      return ok ? undefined : 'Expected an http or https URL.';
    }
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

export function isDate(value: string): boolean {
  const m = DATE.exec(value);
  return m !== null && validDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function isDateTime(value: string): boolean {
  const m = DATETIME.exec(value);
  if (!m || !validDay(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  // Second 60 is RFC 3339's leap second.
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 60) return false;
  return m[7] === undefined || (Number(m[7]) <= 23 && Number(m[8]) <= 59);
}

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

function unwrap(value: unknown): unknown {
  return value instanceof JsonNumber ? value.value : value;
}

function describe(raw: unknown): string {
  if (raw instanceof JsonNumber) return raw.source;
  if (typeof raw === 'string')
    return `the string ${JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw)}`;
  if (Array.isArray(raw)) return 'an array';
  if (raw === null) return 'null';
  if (typeof raw === 'object') return 'an object';
  return String(raw);
}

function problem(path: PropertyKey[], message: string): { details: ErrorDetail[] } {
  return { details: [{ path: formatPath(path), message }] };
}
