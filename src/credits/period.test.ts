import { describe, expect, it } from 'vitest';
import { periodContaining } from './period.ts';

const d = (iso: string) => new Date(iso);

describe('credit periods', () => {
  it('follow each other from the anchor without gaps', () => {
    expect(periodContaining(d('2026-03-01T00:00:00Z'), 'week', d('2026-03-20T12:00:00Z'))).toEqual({
      start: d('2026-03-15T00:00:00Z'),
      end: d('2026-03-22T00:00:00Z'),
    });
    expect(periodContaining(d('2026-03-01T00:00:00Z'), 'day', d('2026-03-01T00:00:00Z'))).toEqual({
      start: d('2026-03-01T00:00:00Z'),
      end: d('2026-03-02T00:00:00Z'),
    });
  });

  it('a monthly reset on the 31st stays on month ends, not drifting after February', () => {
    const anchor = d('2026-01-31T00:00:00Z');
    expect(periodContaining(anchor, 'month', d('2026-03-05T00:00:00Z'))).toEqual({
      start: d('2026-02-28T00:00:00Z'),
      end: d('2026-03-31T00:00:00Z'),
    });
    expect(periodContaining(anchor, 'month', d('2026-04-01T00:00:00Z'))).toEqual({
      start: d('2026-03-31T00:00:00Z'),
      end: d('2026-04-30T00:00:00Z'),
    });
  });
});
