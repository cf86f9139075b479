import { describe, expect, it } from 'vitest';
import { extractValue } from './extract-value.ts';
import type { ExtractContext } from './types.ts';

const now = new Date('2026-03-07T17:00:00Z');
const phone = (text: string, defaultCountry?: string) => {
  const r = extractValue(text, { type: 'string', format: 'phone' }, {
    now,
    timeZone: 'UTC',
    defaultCountry,
  } as ExtractContext);
  return r.ok ? r.value : { reason: r.reason };
};

describe('phone numbers to E.164', () => {
  it.each([
    ['(415) 555-2671', 'US', '+14155552671'],
    ['415-555-2671', 'US', '+14155552671'],
    ['415.555.2671', 'US', '+14155552671'],
    ['call me on 1 415 555 2671', 'US', '+14155552671'],
    ['+1 (415) 555-2671', undefined, '+14155552671'],
  ])('US: %s → %s', (text, country, expected) => {
    expect(phone(text, country)).toBe(expected);
  });

  it.each([
    ['020 7946 0018', 'GB', '+442079460018'],
    ['07400 123456', 'GB', '+447400123456'],
    ['+44 20 7946 0018', undefined, '+442079460018'],
    ['0044 20 7946 0018', undefined, '+442079460018'],
    ['+44 (0)20 7946 0018', undefined, '+442079460018'],
  ])('UK: %s → %s', (text, country, expected) => {
    expect(phone(text, country)).toBe(expected);
  });

  it.each([
    ['030 901820', 'DE', '+4930901820'],
    ['0151 23456789', 'DE', '+4915123456789'],
    ['+49 30 901820', undefined, '+4930901820'],
    ['0049 (0)30 901820', undefined, '+4930901820'],
    ['+49-151-23456789', 'US', '+4915123456789'],
  ])('DE: %s → %s', (text, country, expected) => {
    expect(phone(text, country)).toBe(expected);
  });

  it('reads a national number by the default country', () => {
    expect(phone('030 901820', 'DE')).toBe('+4930901820');
    expect(phone('020 7946 0018', 'US')).toHaveProperty('reason');
  });

  it('asks for the country code when there is no default country', () => {
    expect(phone('020 7946 0018')).toEqual({
      reason: 'Please include the country code (e.g. +44 20 7946 0958).',
    });
  });

  it('refuses text without a number', () => {
    expect(phone('my phone is broken', 'US')).toEqual({
      reason: "That doesn't look like a phone number (e.g. +1 415 555 0100).",
    });
  });

  it('gives the span of the number as typed', () => {
    const r = extractValue(
      'tel: 0044 20 7946 0018',
      { type: 'string', format: 'phone' },
      { now, timeZone: 'UTC' },
    );
    expect(r).toEqual({ ok: true, value: '+442079460018', span: { start: 5, end: 22 } });
  });
});
