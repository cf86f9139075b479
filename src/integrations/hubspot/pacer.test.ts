import { describe, expect, it } from 'vitest';
import { book, earliestStart, MemoryPacing, retryAfterMs, type WindowState } from './pacer.ts';

describe('the request window', () => {
  it('lets max starts through per window and books later ones in order', () => {
    let s: WindowState = { starts: [], holdUntil: 0 };
    const take = (now: number) => {
      const at = earliestStart(s, now, 5, 1000);
      s = book(s, at, now, 5, 1000);
      return at - now;
    };
    expect([0, 0, 0, 0, 0].map(() => take(0))).toEqual([0, 0, 0, 0, 0]);
    expect(take(10)).toBe(990);
    expect(take(20)).toBe(980);
    expect(take(2000)).toBe(0);
  });

  it('keeps at most max starts however long the queue, and still paces it', () => {
    let s: WindowState = { starts: [], holdUntil: 0 };
    const ats: number[] = [];
    for (let i = 0; i < 50; i++) {
      const at = earliestStart(s, 0, 5, 1000);
      s = book(s, at, 0, 5, 1000);
      ats.push(at);
      expect(s.starts.length).toBeLessThanOrEqual(5);
    }
    for (let i = 0; i + 5 < ats.length; i++) expect(ats[i + 5]! - ats[i]!).toBeGreaterThanOrEqual(1000);
  });

  it('holds every start until a Retry-After has passed', async () => {
    let now = 0;
    const p = new MemoryPacing(() => now);
    await p.reserve('a', ['burst']);
    await p.hold('a', 'burst', 3000);
    now = 100;
    expect((await p.reserve('a', ['burst'])).waitMs).toBe(2900);
    // Another account is not held.
    expect((await p.reserve('b', ['burst'])).waitMs).toBe(0);
  });

  it('a search counts against both the search limit and the burst limit', async () => {
    const p = new MemoryPacing(() => 0);
    const waits = [];
    for (let i = 0; i < 6; i++) waits.push((await p.reserve('a', ['burst', 'search'])).waitMs);
    expect(waits).toEqual([0, 0, 0, 0, 0, 1100]);
    // The burst bucket booked the delayed start too: a plain call now queues after it.
    expect((await p.reserve('a', ['burst'])).waitMs).toBe(1100);
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
