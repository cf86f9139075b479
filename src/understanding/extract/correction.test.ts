import { describe, expect, it } from 'vitest';
import { detectCorrection } from './correction.ts';

describe('detectCorrection', () => {
  it.each([
    ["actually it's 1235", '1235'],
    ['sorry, I meant 1235', '1235'],
    ["no, it's 1235", '1235'],
    ['correction: 1235', '1235'],
    ['Oops, make that 4 people', '4 people'],
    ['wait, it should be jane@example.com', 'jane@example.com'],
    ['not 1234 but 1235', '1235'],
    ['No, my order number is 1235', 'my order number is 1235'],
    ['nope, 1235 instead', '1235'],
    ["that's wrong, it is Friday", 'Friday'],
  ])('%s → %s', (text, rest) => {
    expect(detectCorrection(text)).toEqual({ isCorrection: true, rest });
  });

  it.each([
    'no',
    'No thanks',
    '1235',
    'sorry, what?',
    'Sorry for the wait',
    "no, I don't have it",
    'no, never mind',
  ])('not a correction: %s', (text) => {
    expect(detectCorrection(text)).toEqual({ isCorrection: false, rest: text.trim() });
  });
});
