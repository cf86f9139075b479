import { describe, expect, it } from 'vitest';
import { extractValue } from './extract-value.ts';
import type { ExtractContext, ValueSpec } from './types.ts';

// Saturday 7 March 2026, 12:00 in New York (EST, the day before clocks go forward).
const ctx: ExtractContext = {
  now: new Date('2026-03-07T17:00:00Z'),
  timeZone: 'America/New_York',
  defaultCountry: 'US',
};
const value = (text: string, spec: ValueSpec, c: ExtractContext = ctx) => {
  const r = extractValue(text, spec, c);
  return r.ok ? r.value : { reason: r.reason };
};

describe('extractValue: string', () => {
  it('takes the trimmed reply', () => {
    expect(extractValue('  Jane Doe \n', { type: 'string' }, ctx)).toEqual({
      ok: true,
      value: 'Jane Doe',
      span: { start: 2, end: 10 },
    });
  });

  it('refuses an empty reply with a sentence for the customer', () => {
    const r = extractValue('   ', { type: 'string' }, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/didn't catch/);
  });
});

describe('extractValue: integer', () => {
  it.each([
    ['12', 12],
    ['I need 3 tickets', 3],
    ['twelve', 12],
    ['twenty-one', 21],
    ['one hundred and five', 105],
    ['a dozen please', 12],
    ['half a dozen', 6],
    ['1,234 units', 1234],
    ['-5', -5],
    ['my order is #1234', 1234],
  ])('%s → %d', (text, expected) => {
    expect(value(text, { type: 'integer' })).toBe(expected);
  });

  it('refuses 3.0: the spec enforces types strictly, and a decimal written by the customer is not an integer', () => {
    expect(value('3.0', { type: 'integer' })).toEqual({
      reason: "That needs to be a whole number (e.g. 3), and 3.0 isn't one.",
    });
  });

  it('refuses 3.5 rather than rounding it', () => {
    expect(value('about 3.5', { type: 'integer' })).toHaveProperty('reason');
  });

  it('refuses a number too large to hold exactly', () => {
    expect(value('99999999999999999999', { type: 'integer' })).toEqual({
      reason: 'That number is too large.',
    });
  });

  it('says what it needs when there is no number', () => {
    expect(value('lots', { type: 'integer' })).toEqual({ reason: 'Please give a whole number (e.g. 3).' });
  });

  it('does not read a range as a negative number', () => {
    expect(value('2-3', { type: 'integer' })).toBe(2);
  });
});

describe('extractValue: decimal', () => {
  it.each([
    ['12.50', 12.5],
    ['12,50', 12.5],
    ['$12.50', 12.5],
    ['€ 7', 7],
    ['1,234.56', 1234.56],
    ['twelve', 12],
    ['-0.25', -0.25],
  ])('%s → %d', (text, expected) => {
    expect(value(text, { type: 'decimal' })).toBe(expected);
  });

  it('reads the decimal comma of a German locale', () => {
    const de = { ...ctx, locale: 'de-DE' };
    expect(value('1.234,56', { type: 'decimal' }, de)).toBe(1234.56);
    expect(value('1.234', { type: 'decimal' }, de)).toBe(1234);
    expect(value('12,5', { type: 'decimal' }, de)).toBe(12.5);
  });
});

describe('extractValue: boolean', () => {
  it.each([
    ['yes', true],
    ['Yep!', true],
    ['sure, go ahead', true],
    ['Yes, I would like gift wrapping', true],
    ['no', false],
    ['no thanks', false],
    ['Nope, not this time', false],
  ])('%s → %s', (text, expected) => {
    expect(value(text, { type: 'boolean' })).toBe(expected);
  });

  it('asks again when the reply is neither', () => {
    expect(value('maybe later', { type: 'boolean' })).toEqual({ reason: 'Please answer yes or no.' });
  });
});

describe('extractValue: email, url', () => {
  it('finds an email and lower-cases only its domain', () => {
    expect(value('it is Jane.Doe@Example.COM.', { type: 'string', format: 'email' })).toBe(
      'Jane.Doe@example.com',
    );
  });

  it('understands an email spelt out', () => {
    expect(value('jane dot doe at example dot com', { type: 'string', format: 'email' })).toBe(
      'jane.doe@example.com',
    );
  });

  it('refuses something that is not an email', () => {
    expect(value('jane@example', { type: 'string', format: 'email' })).toEqual({
      reason: "That doesn't look like an email address (e.g. jane@example.com).",
    });
  });

  it('finds a url and gives a schemeless one https://', () => {
    expect(value('see https://Example.com/Help?x=1.', { type: 'string', format: 'url' })).toBe(
      'https://example.com/Help?x=1',
    );
    expect(value('our site is www.example.org/shop', { type: 'string', format: 'url' })).toBe(
      'https://www.example.org/shop',
    );
    expect(value('e.g. nothing', { type: 'string', format: 'url' })).toHaveProperty('reason');
  });
});

describe('extractValue: pattern', () => {
  it('takes the first substring that matches the whole pattern', () => {
    expect(extractValue('my order is #1234.', { type: 'string', pattern: '\\d{4}' }, ctx)).toEqual({
      ok: true,
      value: '1234',
      span: { start: 13, end: 17 },
    });
  });

  it('never takes part of a longer token', () => {
    expect(value('order 12345', { type: 'string', pattern: '\\d{4}' })).toHaveProperty('reason');
  });

  it('matches values with spaces, such as postcodes', () => {
    expect(
      value('it is SW1A 1AA, thanks', { type: 'string', pattern: '[A-Z]{1,2}\\d[A-Z\\d]? \\d[A-Z]{2}' }),
    ).toBe('SW1A 1AA');
  });

  it('reads a pattern match as the declared type', () => {
    expect(value('ticket 0042 please', { type: 'integer', pattern: '\\d{4}' })).toBe(42);
  });

  it('does not throw on a broken pattern', () => {
    expect(value('abc', { type: 'string', pattern: '(' })).toEqual({
      reason: "I can't check that value right now, sorry.",
    });
  });
});

describe('extractValue: enum', () => {
  const sizes: ValueSpec = { type: 'string', enum: ['small', 'medium', 'large'] };

  it.each([
    ['Large', 'large'],
    ['the large one please', 'large'],
    ['larges', 'large'],
    ['med', 'medium'],
  ])('%s → %s', (text, expected) => {
    expect(value(text, sizes)).toBe(expected);
  });

  it('returns the canonical spelling', () => {
    expect(value('next day', { type: 'string', enum: ['STANDARD', 'NEXT_DAY'] })).toBe('NEXT_DAY');
  });

  it('prefers the longer option where two overlap', () => {
    expect(value('extra large', { type: 'string', enum: ['large', 'extra_large'] })).toBe('extra_large');
  });

  it('asks when a prefix fits two options', () => {
    expect(value('s', { type: 'string', enum: ['small', 'standard', 'large'] })).toHaveProperty('reason');
    expect(value('st', { type: 'string', enum: ['small', 'standard', 'stout'] })).toEqual({
      reason: 'Did you mean standard or stout?',
    });
  });

  it('asks when two different options are named', () => {
    expect(value('small or large', sizes)).toEqual({ reason: 'Did you mean small or large?' });
  });

  it('lists the options when none fits', () => {
    expect(value('huge', sizes)).toEqual({ reason: 'Please choose one of: small, medium, large.' });
  });

  it('checks typed values against the allowed ones', () => {
    expect(value('2', { type: 'integer', enum: ['1', '2', '3'] })).toBe(2);
    expect(value('7', { type: 'integer', enum: ['1', '2', '3'] })).toEqual({
      reason: 'Please choose one of: 1, 2, 3.',
    });
  });
});

describe('extractValue: arrays', () => {
  it('splits a typed list of strings', () => {
    expect(value('red, green, and blue', { type: 'string', array: true })).toEqual(['red', 'green', 'blue']);
    expect(value('red\ngreen\nblue', { type: 'string', array: true })).toEqual(['red', 'green', 'blue']);
  });

  it('finds every number, email or date', () => {
    expect(value('1, 2 and 3', { type: 'integer', array: true })).toEqual([1, 2, 3]);
    expect(value('1,2,3', { type: 'integer', array: true })).toEqual([1, 2, 3]);
    expect(value('a@b.com and c@d.org', { type: 'string', format: 'email', array: true })).toEqual([
      'a@b.com',
      'c@d.org',
    ]);
    expect(value('tomorrow and next Friday', { type: 'date', array: true })).toEqual([
      '2026-03-08',
      '2026-03-13',
    ]);
  });

  it('keeps every allowed value named', () => {
    expect(
      value('small and large', { type: 'string', enum: ['small', 'medium', 'large'], array: true }),
    ).toEqual(['small', 'large']);
  });

  it('refuses the whole list when one item is invalid', () => {
    expect(value('1, 2.5, 3', { type: 'integer', array: true })).toHaveProperty('reason');
  });

  it('counts a value named twice once', () => {
    expect(value('3 and 3', { type: 'integer', array: true })).toEqual([3]);
  });

  it('reads each item of a yes/no list', () => {
    expect(value('yes, no, yes', { type: 'boolean', array: true })).toEqual([true, false]);
  });
});
