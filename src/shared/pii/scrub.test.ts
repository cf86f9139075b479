import { describe, expect, it } from 'vitest';
import { type Detector, luhn, scrub } from './scrub.ts';

const cleaned = (text: string, extra: Detector[] = []) => scrub(text, extra).text;

describe('scrub', () => {
  it('removes Luhn-valid card numbers, with or without separators', () => {
    for (const card of [
      '4111111111111111',
      '4242 4242 4242 4242',
      '5555-5555-5555-4444',
      '3782 822463 10005',
      '378282246310005',
    ]) {
      expect(cleaned(`my card is ${card}, thanks`)).toBe('my card is [card number removed], thanks');
    }
  });

  it('keeps Luhn-invalid digit runs, order numbers, phone numbers and dates', () => {
    for (const text of [
      'card 4111111111111112 was declined',
      'order 100234 and order 4500012345',
      'tracking 9400111899223344556677',
      'call me on +1 415 555 0123 or 020 7946 0958',
      'delivered 2026-12-02 at 14:30, total 1,234.50',
      'invoice 123456789 is paid',
    ]) {
      expect(cleaned(text)).toBe(text);
    }
  });

  it('removes US SSNs but not never-issued ranges, and bare nine digits only with context', () => {
    expect(cleaned('SSN 123-45-6789.')).toBe('SSN [SSN removed].');
    expect(cleaned('it is 123 45 6789')).toBe('it is [SSN removed]');
    for (const never of [
      '000-12-3456',
      '666-12-3456',
      '912-34-5678',
      '123-00-4567',
      '123-45-0000',
      '123-45 6789',
    ])
      expect(cleaned(`number ${never}`)).toBe(`number ${never}`);
    expect(cleaned('my social security number is 123456789')).toBe(
      'my social security number is [SSN removed]',
    );
    expect(cleaned('reference 123456789')).toBe('reference 123456789');
  });

  it('removes UK National Insurance numbers, not impossible prefixes', () => {
    expect(cleaned('NI: AB 12 34 56 C')).toBe('NI: [National Insurance number removed]');
    expect(cleaned('NI: JG103759A')).toBe('NI: [National Insurance number removed]');
    for (const bad of ['QQ123456C', 'GB123456A', 'AO123456A', 'DA123456A', 'AB123456E'])
      expect(cleaned(`NI ${bad}`)).toBe(`NI ${bad}`);
  });

  it('removes IBANs that pass mod-97, keeps those that do not', () => {
    expect(cleaned('pay GB82 WEST 1234 5698 7654 32 today')).toBe('pay [IBAN removed] today');
    expect(cleaned('DE89370400440532013000')).toBe('[IBAN removed]');
    expect(cleaned('pay GB82 WEST 1234 5698 7654 33 today')).toBe('pay GB82 WEST 1234 5698 7654 33 today');
  });

  it('takes extra detectors', () => {
    const member: Detector = { name: 'member id', pattern: /\bM-\d{6}\b/g };
    expect(cleaned('member M-123456 card 4111111111111111', [member])).toBe(
      'member [member id removed] card [card number removed]',
    );
  });

  it('luhn', () => {
    expect(luhn('4111111111111111')).toBe(true);
    expect(luhn('4111111111111112')).toBe(false);
  });
});
