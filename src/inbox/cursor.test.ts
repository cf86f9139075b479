import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.ts';

describe('inbox cursor', () => {
  it('round-trips a microsecond time and an id', () => {
    const c = { at: '2026-12-07 10:40:01.123456+00', id: 'cnv_abc' };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
  });
  it('refuses anything else with the field path', () => {
    for (const raw of [
      '',
      'x',
      Buffer.from('["x","y"]').toString('base64url'),
      Buffer.from('{}').toString('base64url'),
    ]) {
      expect(() => decodeCursor(raw)).toThrow(
        expect.objectContaining({
          code: 'invalid_cursor',
          details: [{ path: 'cursor', message: 'invalid cursor' }],
        }),
      );
    }
  });
});
