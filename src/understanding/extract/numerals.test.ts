import { describe, expect, it } from 'vitest';
import { findNumerals } from './numerals.ts';

const read = (text: string, locale?: string) => findNumerals(text, locale).map((f) => f.value);

describe('numerals', () => {
  it('reads digits with grouping and decimal marks', () => {
    expect(read('1,234,567')).toEqual([{ value: 1234567, whole: true }]);
    expect(read("1'234")).toEqual([{ value: 1234, whole: true }]);
    expect(read('12.50')).toEqual([{ value: 12.5, whole: false }]);
    expect(read('3.0')).toEqual([{ value: 3, whole: false }]);
    expect(read('1.234,5')).toEqual([{ value: 1234.5, whole: false }]);
  });

  it('reads a single separator by the locale', () => {
    expect(read('1.234', 'en-US')).toEqual([{ value: 1.234, whole: false }]);
    expect(read('1.234', 'de-DE')).toEqual([{ value: 1234, whole: true }]);
    expect(read('1,234', 'fr-FR')).toEqual([{ value: 1.234, whole: false }]);
  });

  it('leaves identifiers alone and reads signs only when they stand apart', () => {
    expect(read('order A1234')).toEqual([]);
    expect(read('it was -3 today')).toEqual([{ value: -3, whole: true }]);
    expect(read('2-3')).toEqual([
      { value: 2, whole: true },
      { value: 3, whole: true },
    ]);
  });
});
