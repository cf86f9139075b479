import { describe, expect, it } from 'vitest';
import { splitList } from './list-split.ts';

describe('splitList', () => {
  it.each([
    ['red, green and blue', ['red', 'green', 'blue']],
    ['red, green, and blue.', ['red', 'green', 'blue']],
    ['red; green & blue', ['red', 'green', 'blue']],
    ['- red\n- green\n- blue', ['red', 'green', 'blue']],
    ['just one', ['just one']],
  ])('%s', (text, items) => {
    expect(splitList(text).map((i) => i.value)).toEqual(items);
  });

  it('keeps the positions of the items', () => {
    expect(splitList('a, bb')).toEqual([
      { value: 'a', start: 0, end: 1 },
      { value: 'bb', start: 3, end: 5 },
    ]);
  });
});
