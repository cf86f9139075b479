import { describe, expect, it } from 'vitest';
import { findPatternMatches } from '../understanding/extract/pattern.ts';
import { fullMatcher, patternProblem } from './linear-regex.ts';

describe('linear-time patterns', () => {
  it('matches whole values only', () => {
    expect(fullMatcher('[0-9]{4,10}').test('12345')).toBe(true);
    expect(fullMatcher('[0-9]{4,10}').test('x12345')).toBe(false);
    expect(fullMatcher('a|b').test('ab')).toBe(false);
    expect(fullMatcher('\\p{L}+').test('héllo')).toBe(true);
  });

  it('answers a catastrophic-backtracking pattern at once (a backtracking engine takes 2^45 steps)', () => {
    const evil = `${'a'.repeat(45)}b`;
    expect(fullMatcher('(a+)+').test(evil)).toBe(false);
    expect(fullMatcher('(a|aa)*c').test(evil)).toBe(false);
    expect(findPatternMatches(`my code is ${evil}`, '(a+)+').candidates).toEqual([]);
  });

  it('refuses what RE2 cannot run, with the reason', () => {
    expect(patternProblem('(a)\\1')).toMatch(/linear time/);
    expect(patternProblem('(?=a)a')).toMatch(/lookaround/);
    expect(patternProblem('[0-9]+')).toBeUndefined();
  });
});
