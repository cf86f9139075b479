import { describe, expect, it } from 'vitest';
import { type JsonNumber, parseJsonPreservingNumbers, unwrapJsonNumbers } from './json-numbers.ts';
import type { InputDefinition } from './schema.ts';
import { checkInputs, checkValue, isDate, isDateTime, validateInputs } from './values.ts';

function input(partial: Partial<InputDefinition> & Pick<InputDefinition, 'name' | 'type'>): InputDefinition {
  return { instructions: '', required: true, source: 'customer', sensitive: false, ...partial };
}

const accepts = (def: Partial<InputDefinition> & Pick<InputDefinition, 'type'>, raw: unknown) =>
  'value' in checkValue({ ...def }, raw, ['v']);

describe('the strict type table (Zendesk: no coercion)', () => {
  it("Zendesk's three examples, and their opposites", () => {
    // 3.0 is not an integer, as written in JSON
    const { qty } = parseJsonPreservingNumbers('{"qty": 3.0}') as { qty: JsonNumber };
    expect(accepts({ type: 'integer' }, qty)).toBe(false);
    expect(accepts({ type: 'integer' }, parseJsonPreservingNumbers('3'))).toBe(true);
    // the string "true" is not a boolean
    expect(accepts({ type: 'boolean' }, 'true')).toBe(false);
    expect(accepts({ type: 'boolean' }, true)).toBe(true);
    // false is not a string
    expect(accepts({ type: 'string' }, false)).toBe(false);
    expect(accepts({ type: 'string' }, 'false')).toBe(true);
  });

  it.each([
    ['integer', 3, true],
    ['integer', -42, true],
    ['integer', 3.5, false],
    ['integer', '3', false],
    ['integer', 2 ** 53, false],
    ['integer', true, false],
    ['decimal', 3, true],
    ['decimal', 3.25, true],
    ['decimal', '3.25', false],
    ['decimal', Number.NaN, false],
    ['decimal', Number.POSITIVE_INFINITY, false],
    ['boolean', false, true],
    ['boolean', 0, false],
    ['boolean', 'yes', false],
    ['string', '', true],
    ['string', 12, false],
    ['string', null, false],
    ['string', ['a'], false],
    ['date', '2024-02-29', true],
    ['date', '2023-02-29', false],
    ['date', '2025-13-01', false],
    ['date', '2025-6-2', false],
    ['date', '2025-06-02T00:00:00Z', false],
    ['date', 20250602, false],
    ['datetime', '2025-06-02T14:30:00Z', true],
    ['datetime', '2025-06-02T14:30:00.123+02:00', true],
    ['datetime', '2025-06-02t14:30:00z', true],
    ['datetime', '2025-06-02T14:30:00', false],
    ['datetime', '2025-06-02 14:30:00Z', false],
    ['datetime', '2025-06-02T24:00:00Z', false],
    ['datetime', '2025-06-02T14:30:00+24:00', false],
    ['datetime', '2025-06-31T14:30:00Z', false],
  ] as const)('%s accepts %j: %s', (type, raw, ok) => {
    expect(accepts({ type }, raw)).toBe(ok);
  });

  it('judges JSON numbers on their source text', () => {
    const parsed = parseJsonPreservingNumbers('[3, 3.0, 3e0, -0, 30, 3.5]') as JsonNumber[];
    expect(parsed.map((n) => accepts({ type: 'integer' }, n))).toEqual([
      true,
      false,
      false,
      true,
      true,
      false,
    ]);
    expect(parsed.map((n) => accepts({ type: 'decimal' }, n))).toEqual([true, true, true, true, true, true]);
    expect(unwrapJsonNumbers({ a: parsed, __proto__x: 1 })).toEqual({
      a: [3, 3, 3, -0, 30, 3.5],
      __proto__x: 1,
    });
  });

  it('keeps a "__proto__" key an ordinary key when unwrapping', () => {
    const value = unwrapJsonNumbers(parseJsonPreservingNumbers('{"__proto__": {"polluted": 1}}')) as object;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
  });

  it('checks arrays item by item, with the index in the path', () => {
    expect(checkValue({ type: 'array', items: 'integer' }, [1, 2, 3], ['ids'])).toEqual({ value: [1, 2, 3] });
    const bad = checkValue({ type: 'array', items: 'integer' }, [1, '2', 3.5], ['ids']);
    expect('details' in bad && bad.details.map((d) => d.path)).toEqual(['ids[1]', 'ids[2]']);
    expect(accepts({ type: 'array', items: 'string' }, 'a')).toBe(false);
    expect(accepts({ type: 'array', items: 'date' }, ['2025-01-01', '2025-02-30'])).toBe(false);
    expect(accepts({ type: 'array', items: 'boolean' }, [])).toBe(true);
  });
});

describe('formats, enums and patterns', () => {
  it.each([
    ['email', 'jane@example.com', true],
    ['email', 'jane.doe+tag@mail.example.co.uk', true],
    ['email', 'jane@example', false],
    ['email', 'jane example.com', false],
    ['email', 'jane@@example.com', false],
    ['phone', '+14155550123', true],
    ['phone', '+491701234567', true],
    ['phone', '4155550123', false],
    ['phone', '+1 415 555 0123', false],
    ['phone', '+0123456', false],
    ['url', 'https://example.com/a?b=c', true],
    ['url', 'http://example.com', true],
    ['url', 'ftp://example.com', false],
    ['url', 'javascript:alert(1)', false],
    ['url', 'example.com', false],
  ] as const)('%s %s: %s', (format, value, ok) => {
    expect(accepts({ type: 'string', format }, value)).toBe(ok);
  });

  it('enforces enums with the exact typed value', () => {
    expect(accepts({ type: 'string', enum: ['small', 'large'] }, 'small')).toBe(true);
    expect(accepts({ type: 'string', enum: ['small', 'large'] }, 'Small')).toBe(false);
    expect(accepts({ type: 'integer', enum: [1, 2] }, 2)).toBe(true);
    expect(accepts({ type: 'integer', enum: [1, 2] }, 3)).toBe(false);
    expect(accepts({ type: 'array', items: 'string', enum: ['a', 'b'] }, ['a', 'c'])).toBe(false);
  });

  it('matches patterns against the whole value', () => {
    expect(accepts({ type: 'string', pattern: '[0-9]{4}' }, '1234')).toBe(true);
    expect(accepts({ type: 'string', pattern: '[0-9]{4}' }, 'x12345')).toBe(false);
    expect(accepts({ type: 'string', pattern: 'a|b' }, 'ab')).toBe(false);
  });

  it('has calendar-aware date helpers', () => {
    expect(isDate('2000-02-29')).toBe(true);
    expect(isDate('1900-02-29')).toBe(false);
    expect(isDateTime('2016-12-31T23:59:60Z')).toBe(true);
  });
});

describe('checkInputs', () => {
  const action = {
    inputs: [
      input({ name: 'email', type: 'string', format: 'email' }),
      input({ name: 'qty', type: 'integer', required: false, default: 1 }),
      input({ name: 'gift', type: 'boolean', required: false }),
    ],
  };

  it('returns typed values with defaults applied', () => {
    expect(checkInputs(action, { email: 'a@b.co' })).toEqual({
      ok: true,
      values: { email: 'a@b.co', qty: 1 },
    });
    expect(checkInputs(action, { email: 'a@b.co', qty: 5, gift: null })).toEqual({
      ok: true,
      values: { email: 'a@b.co', qty: 5 },
    });
  });

  it('reports missing, unknown and mistyped inputs with their paths', () => {
    const result = checkInputs(action, { qty: '2', colour: 'red' }, ['inputs']);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.details.map((d) => d.path).sort()).toEqual([
      'inputs.colour',
      'inputs.email',
      'inputs.qty',
    ]);
  });

  it('treats an empty string as missing for a required input', () => {
    const result = checkInputs(action, { email: '' });
    expect(!result.ok && result.details[0]?.message).toMatch(/required/);
  });

  it('refuses inputs that are not an object', () => {
    expect(checkInputs(action, [1]).ok).toBe(false);
    expect(checkInputs(action, 'x').ok).toBe(false);
  });

  it('rejects {"qty": 3.0} from raw JSON text with a 422', () => {
    const raw = parseJsonPreservingNumbers('{"email": "a@b.co", "qty": 3.0}');
    expect(() => validateInputs(action, raw)).toThrowError(
      expect.objectContaining({ kind: 'invalid', code: 'invalid_input' }),
    );
    expect(validateInputs(action, parseJsonPreservingNumbers('{"email": "a@b.co", "qty": 3}'))).toEqual({
      email: 'a@b.co',
      qty: 3,
    });
  });
});
