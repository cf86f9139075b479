import { describe, expect, it } from 'vitest';
import { classifyGraphFailure } from './graph.ts';

const graphError = (code: number, subcode?: number) => ({
  error: { message: 'm', type: 'OAuthException', code, ...(subcode ? { error_subcode: subcode } : {}) },
});

describe('Graph API failures', () => {
  it('retries throttling, 5xx and transient errors', () => {
    expect(classifyGraphFailure(503, null)).toMatchObject({ permanent: false, windowClosed: false });
    expect(classifyGraphFailure(429, null).permanent).toBe(false);
    expect(classifyGraphFailure(400, graphError(130429)).permanent).toBe(false);
    expect(classifyGraphFailure(400, graphError(4)).permanent).toBe(false);
  });
  it('gives up on a refused token or request', () => {
    expect(classifyGraphFailure(401, graphError(190))).toMatchObject({
      permanent: true,
      windowClosed: false,
    });
    expect(classifyGraphFailure(400, graphError(100)).permanent).toBe(true);
    expect(classifyGraphFailure(400, graphError(100)).reason).toBe(
      'The Graph API answered HTTP 400 (error 100): m',
    );
  });
  it('recognises a closed 24-hour window on WhatsApp and Messenger', () => {
    expect(classifyGraphFailure(400, graphError(131047))).toMatchObject({
      permanent: true,
      windowClosed: true,
    });
    expect(classifyGraphFailure(400, graphError(10, 2018278))).toMatchObject({ windowClosed: true });
  });
});
