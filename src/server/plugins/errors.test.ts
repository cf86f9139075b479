import { describe, expect, it } from 'vitest';
import { toAppError } from './errors.ts';

const dbError = (code: string) => Object.assign(new Error('db says no'), { code, severity: 'ERROR' });

describe('errors that slip past validation', () => {
  it('maps database refusals to 4xx in the one format', () => {
    expect(toAppError(dbError('23503'))).toMatchObject({ status: 422, code: 'invalid_reference' });
    expect(toAppError(dbError('23505'))).toMatchObject({ status: 409, code: 'duplicate' });
    expect(toAppError(dbError('22021'))).toMatchObject({ status: 400, code: 'invalid_value' });
    expect(toAppError(dbError('22P05'))).toMatchObject({ status: 400, code: 'invalid_value' });
  });

  it('keeps other failures a 500 without detail', () => {
    expect(toAppError(dbError('53300'))).toMatchObject({ status: 500, code: 'internal' });
    expect(toAppError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toMatchObject({ status: 500 });
  });

  it('answers routing errors in the one format', () => {
    const routing = Object.assign(new Error('long'), { code: 'FST_ERR_MAX_PARAM_LENGTH', statusCode: 414 });
    expect(toAppError(routing).toJSON()).toEqual({
      error: { code: 'uri_too_long', message: expect.any(String), details: [] },
    });
  });
});
