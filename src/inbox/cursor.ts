import { badRequest } from '../shared/errors.ts';

/**
 * The inbox list's cursor: the last row's activity time and id, opaque to clients. The
 * time is PostgreSQL's own text form (microseconds), so the next page starts exactly
 * after the row — a JavaScript Date would round it to milliseconds and skip rows.
 */
export interface Cursor {
  at: string;
  id: string;
}

export const encodeCursor = (c: Cursor): string =>
  Buffer.from(JSON.stringify([c.at, c.id])).toString('base64url');

export function decodeCursor(raw: string): Cursor {
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[0] === 'string' &&
      typeof v[1] === 'string' &&
      /^\d{4}-\d\d-\d\d[ T][\d:.]+([+-]\d\d(:\d\d)?|Z)?$/.test(v[0]) &&
      v[1].length <= 100
    )
      return { at: v[0], id: v[1] };
  } catch {}
  throw badRequest(
    'The cursor is not one this API gave out.',
    [{ path: 'cursor', message: 'invalid cursor' }],
    'invalid_cursor',
  );
}
