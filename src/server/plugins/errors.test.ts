import { describe, expect, it } from 'vitest';
import { toAppError } from './errors.ts';

const dbError = (code: string) => Object.assign(new Error('db says no'), { code, severity: 'ERROR' });

describe('errors that slip past validation', () => {
  it('maps database refusals to 4xx in the one format', () => {
    expect(toAppError(dbError('23503'))).toMatchObject({ kind: 'invalid', code: 'invalid_reference' });
    expect(toAppError(dbError('23505'))).toMatchObject({ kind: 'conflict', code: 'duplicate' });
    expect(toAppError(dbError('22021'))).toMatchObject({ kind: 'bad_request', code: 'invalid_value' });
    expect(toAppError(dbError('22P05'))).toMatchObject({ kind: 'bad_request', code: 'invalid_value' });
  });

  it('keeps other failures a 500 without detail', () => {
    expect(toAppError(dbError('53300'))).toMatchObject({ kind: 'internal', code: 'internal' });
    expect(toAppError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toMatchObject({
      kind: 'internal',
    });
  });

  it('answers routing errors in the one format', () => {
    const routing = Object.assign(new Error('long'), { code: 'FST_ERR_MAX_PARAM_LENGTH', statusCode: 414 });
    expect(toAppError(routing).toJSON()).toEqual({
      error: { code: 'uri_too_long', message: expect.any(String), details: [] },
    });
  });
});
