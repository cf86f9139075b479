import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors.ts';
import {
  validateConnectionDefinition,
  validateConnectionInput,
  validateConnectionSecrets,
} from './definition.ts';

function details(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) {
      expect(error.kind).toBe('invalid');
      return error.details;
    }
    throw error;
  }
  throw new Error('expected a validation error');
}

const apiKey = (parameterName: string) => ({
  key: 'store',
  name: 'Store',
  type: 'api_key',
  in: 'header',
  parameterName,
});

describe('connection definitions', () => {
  it('accepts each type', () => {
    expect(validateConnectionDefinition({ key: 'n', name: 'N', type: 'none' }).type).toBe('none');
    expect(validateConnectionDefinition(apiKey('X-Api-Key')).type).toBe('api_key');
    expect(validateConnectionDefinition(apiKey('Authorization')).type).toBe('api_key');
    const oauth = validateConnectionDefinition({
      key: 'o',
      name: 'O',
      type: 'oauth2_client_credentials',
      tokenUrl: 'https://auth.example.com/token',
      clientId: 'id',
    });
    expect(oauth.type === 'oauth2_client_credentials' && oauth.clientAuthMethod).toBe('client_secret_basic');
  });

  it.each([
    ['Host', /standard header/],
    ['cookie', /standard header/],
    ['User-Agent', /standard header/],
    ['Content-Type', /standard header/],
    ['x-amz-date', /reserved/],
    ['X-Amzn-Trace', /reserved/],
    ['x-forwarded-for', /reserved/],
    ['x-zis-thing', /reserved/],
    ['X Api Key', /letters/],
    ['x:key', /letters/],
    ['a'.repeat(129), /128/],
  ])('refuses the API key header name %s', (name, message) => {
    const [detail] = details(() => validateConnectionDefinition(apiKey(name)));
    expect(detail?.path).toBe('parameterName');
    expect(detail?.message).toMatch(message);
  });

  it('validates allowed hosts', () => {
    const base = { key: 'b', name: 'B', type: 'bearer' };
    expect(
      validateConnectionDefinition({ ...base, allowedHosts: ['API.example.com', '*.example.org'] })
        .allowedHosts,
    ).toEqual(['api.example.com', '*.example.org']);
    const found = details(() =>
      validateConnectionDefinition({ ...base, allowedHosts: ['https://x.com', '*.com', 'ok.com'] }),
    );
    expect(found.map((d) => d.path)).toEqual(['allowedHosts[0]', 'allowedHosts[1]']);
  });

  it('reports definition and secret problems together, with paths', () => {
    const found = details(() =>
      validateConnectionInput({
        key: 'Bad Key',
        name: 'B',
        type: 'api_key',
        in: 'query',
        parameterName: 'k',
        secrets: {},
      }),
    );
    expect(found.map((d) => d.path).sort()).toEqual(['key', 'secrets.apiKey']);
  });

  it('refuses secrets with line breaks and unknown secret fields', () => {
    const found = details(() => validateConnectionSecrets('bearer', { token: 'a\r\nX-Evil: 1', extra: 1 }));
    expect(found.map((d) => d.path).sort()).toEqual(['secrets.extra', 'secrets.token']);
  });

  it('refuses an unknown type', () => {
    const found = details(() => validateConnectionInput({ key: 'x', name: 'X', type: 'magic' }));
    expect(found[0]?.path).toBe('type');
  });
});
