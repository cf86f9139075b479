import { describe, expect, it } from 'vitest';
import { stem, words } from './text.ts';

describe('words', () => {
  it('lowercases, spells out contractions and drops punctuation', () => {
    expect(words("I Can't find my card, it hasn't arrived!")).toEqual([
      'i',
      'can',
      'not',
      'find',
      'my',
      'card',
      'it',
      'has',
      'not',
      'arrived',
    ]);
  });

  it('treats curly apostrophes like straight ones and keeps numbers whole', () => {
    expect(words('I’m owed £12.50')).toEqual(['i', 'am', 'owed', '12.50']);
  });
});

describe('stem', () => {
  it('conflates inflections and maps numbers to one token', () => {
    expect(stem('charges')).toBe(stem('charged'));
    expect(stem('2024')).toBe('#num');
  });
});
