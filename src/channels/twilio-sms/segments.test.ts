import { describe, expect, it } from 'vitest';
import { encodingOf, MAX_SEGMENTS, segmentsOf, splitSms, unitsOf } from './segments.ts';

describe('SMS segments', () => {
  it('tells GSM-7 from UCS-2 and counts units as carriers do', () => {
    expect(encodingOf('Order 1234 is shipped.')).toBe('GSM-7');
    expect(encodingOf('Prix: 10€ [promo]')).toBe('GSM-7');
    expect(unitsOf('10€ [x]')).toBe(10); // €, [ and ] take two septets each
    expect(encodingOf('Danke 🙂')).toBe('UCS-2');
    expect(unitsOf('🙂')).toBe(2);
    expect(encodingOf('Ça coûte')).toBe('UCS-2'); // û is not in GSM-7
  });

  it('counts segments: 160/153 for GSM-7, 70/67 for UCS-2', () => {
    expect(segmentsOf('a'.repeat(160))).toBe(1);
    expect(segmentsOf('a'.repeat(161))).toBe(2);
    expect(segmentsOf('a'.repeat(306))).toBe(2);
    expect(segmentsOf('a'.repeat(307))).toBe(3);
    expect(segmentsOf('ü'.repeat(10) + 'ê'.repeat(60))).toBe(1);
    expect(segmentsOf('ê'.repeat(71))).toBe(2);
    expect(segmentsOf('ê'.repeat(134))).toBe(2);
  });

  it('keeps a reply that fits in one message whole', () => {
    expect(splitSms('  Order 1234 is shipped.  ')).toEqual(['Order 1234 is shipped.']);
    expect(splitSms('x'.repeat(459))).toHaveLength(1);
    expect(splitSms('')).toEqual([]);
  });

  it('cuts a long reply at sentence ends, each piece within the segment limit', () => {
    const sentence = 'Your refund has been approved and will reach your card in five to ten business days. ';
    const text = sentence.repeat(12).trim();
    const pieces = splitSms(text);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) {
      expect(segmentsOf(p)).toBeLessThanOrEqual(MAX_SEGMENTS);
      expect(p.endsWith('days.')).toBe(true);
    }
    expect(pieces.join(' ')).toBe(text);
  });

  it('cuts a sentence too long for one message between words', () => {
    const text = `${'word '.repeat(200).trim()}.`;
    const pieces = splitSms(text);
    expect(pieces.length).toBe(3);
    for (const p of pieces) {
      expect(unitsOf(p)).toBeLessThanOrEqual(459);
      expect(p).toMatch(/^word( word)*\.?$/);
    }
    expect(pieces.join(' ')).toBe(text);
  });

  it('uses the UCS-2 limits when one character needs them, and never splits an emoji', () => {
    const text = `${'🙂'.repeat(150)}`;
    const pieces = splitSms(text);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(201);
      expect(p).toMatch(/^(🙂)+$/u);
    }
    expect(pieces.join('')).toBe(text);
    const mixed = `Bonjour, ça va? ${'Votre commande arrive bientôt. '.repeat(10)}`.trim();
    for (const p of splitSms(mixed)) expect(p.length).toBeLessThanOrEqual(3 * 67);
  });
});
