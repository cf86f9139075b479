import { describe, expect, it } from 'vitest';
import { insideWindow, providerTime } from './window.ts';

describe('the 24-hour customer-service window', () => {
  const now = new Date('2026-12-07T12:00:00Z');
  it('is open until 24 hours after the last customer message', () => {
    expect(insideWindow(new Date('2026-12-06T12:00:01Z'), now)).toBe(true);
    expect(insideWindow(new Date('2026-12-06T12:00:00Z'), now)).toBe(false);
    expect(insideWindow(null, now)).toBe(false);
  });
  it('reads unix seconds and milliseconds, never later than now', () => {
    expect(providerTime('1796644800', now).toISOString()).toBe('2026-12-07T12:00:00.000Z');
    expect(providerTime(1796641200000, now).toISOString()).toBe('2026-12-07T11:00:00.000Z');
    expect(providerTime('9999999999', now)).toEqual(now);
    expect(providerTime('nope', now)).toEqual(now);
  });
});
