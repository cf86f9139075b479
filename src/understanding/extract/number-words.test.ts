import { describe, expect, it } from 'vitest';
import { findNumberWords, parseNumberWords } from './number-words.ts';

describe('number words', () => {
  it.each([
    ['zero', 0],
    ['seven', 7],
    ['Thirteen', 13],
    ['forty two', 42],
    ['twenty-one', 21],
    ['a hundred', 100],
    ['one hundred and five', 105],
    ['two thousand and twenty six', 2026],
    ['three million', 3_000_000],
    ['a dozen', 12],
    ['two dozen', 24],
    ['half a dozen', 6],
  ])('%s → %d', (text, n) => {
    expect(parseNumberWords(text)).toBe(n);
  });

  it('keeps words that cannot be one number apart', () => {
    expect(findNumberWords('five six').map((f) => f.value)).toEqual([5, 6]);
    expect(findNumberWords('twenty twenty').map((f) => f.value)).toEqual([20, 20]);
  });

  it('gives positions in the text', () => {
    expect(findNumberWords('we are twenty-two people')).toEqual([{ value: 22, start: 7, end: 17 }]);
  });

  it('is not fooled by other words', () => {
    expect(parseNumberWords('someone')).toBeNull();
    expect(parseNumberWords('a lot')).toBeNull();
    expect(findNumberWords('a table for a couple')).toEqual([]);
    expect(findNumberWords("I'll take this one")).toEqual([]);
  });
});
