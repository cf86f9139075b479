import { describe, expect, it } from 'vitest';
import { retryAfterMs, WindowPacer } from './pacer.ts';

describe('WindowPacer', () => {
  it('lets max starts through per window and books later ones in order', () => {
    const p = new WindowPacer(5, 1000);
    expect([0, 0, 0, 0, 0].map(() => p.reserve(0))).toEqual([0, 0, 0, 0, 0]);
    expect(p.reserve(10)).toBe(990);
    expect(p.reserve(20)).toBe(980);
    expect(p.reserve(2000)).toBe(0);
  });

  it('holds every start until a Retry-After has passed', () => {
    const p = new WindowPacer(5, 1000);
    p.reserve(0);
    p.holdUntil(3000);
    expect(p.reserve(100)).toBe(2900);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, ignores nonsense', () => {
    expect(retryAfterMs('2', 0)).toBe(2000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(
      5000,
    );
    expect(retryAfterMs('soon', 0)).toBeUndefined();
    expect(retryAfterMs(undefined, 0)).toBeUndefined();
  });
});
