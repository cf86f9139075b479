import { request as rawRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';

/** Sends a request exactly as written (no URL normalisation by a client library). */
function raw(
  url: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = rawRequest({ hostname, port, path, method: 'GET', headers }, (res) => {
      let text = '';
      res.on('data', (c) => {
        text += c;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const errorShape = {
  error: { code: expect.any(String), message: expect.any(String), details: expect.any(Array) },
};

describe.each(backends)('no input crashes the server (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses U+0000 and lone surrogates in bodies with 400 and the field path; nothing written', async () => {
    const before = (await t.call('GET', '/api/v1/agents')).body.agents.length;
    const nul = await t.call('POST', '/api/v1/agents', { raw: '{"name":"a\\u0000b"}' });
    expect(nul.status).toBe(400);
    expect(nul.body.error.code).toBe('invalid_text');
    expect(nul.body.error.details).toEqual([{ path: 'name', message: expect.stringMatching(/U\+0000/) }]);
    const lone = await t.call('POST', '/api/v1/agents', { raw: '{"name":"x","guidelines":["a\\ud800"]}' });
    expect(lone.status).toBe(400);
    expect(lone.body.error.details[0].path).toBe('guidelines[0]');
    const key = await t.call('POST', '/api/v1/agents', { raw: '{"name":"x","tone\\u0000":"y"}' });
    expect(key.status).toBe(400);
    expect((await t.call('GET', '/api/v1/agents')).body.agents.length).toBe(before);
  });

  it('refuses U+0000 in path parameters and the query string', async () => {
    const path = await t.call('GET', '/api/v1/agents/agt%00x');
    expect(path.status).toBe(400);
    expect(path.body.error.details[0].path).toBe('params.agentId');
    const query = await t.call('GET', '/api/v1/integration-log?actionKey=a%00b');
    expect(query.status).toBe(400);
    expect(query.body.error.details[0].path).toBe('query.actionKey');
  });

  it('refuses JSON nested deeper than the limit with 400', async () => {
    const deep = `{"name":"x","guidelines":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const res = await t.call('POST', '/api/v1/agents', { raw: deep });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_text');
    expect(res.body.error.details[0].message).toMatch(/nested deeper/);
  });

  it('an empty user id is a 422, not a dangling reference', async () => {
    const res = await t.call('POST', '/api/v1/api-keys', {
      body: { name: 'x', scopes: ['agents:read'], userId: '' },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.details[0].path).toBe('userId');
  });

  it('answers routing and parser errors (414, 431, bad encoding) in the one error format', async () => {
    const longId = await t.call('GET', `/api/v1/agents/${'a'.repeat(500)}`);
    expect(longId.status).toBe(414);
    expect(longId.body).toEqual(errorShape);
    const badEncoding = await raw(t.url, '/api/v1/agents/%E0%A4%A', {
      authorization: `Bearer ${t.adminKey}`,
    });
    expect(badEncoding.status).toBe(400);
    expect(badEncoding.body).toEqual(errorShape);
    const huge = await raw(t.url, `/api/v1/agents?x=${'a'.repeat(100_000)}`);
    expect(huge.status).toBe(431);
    expect(huge.body).toEqual(errorShape);
  });

  it('decides authentication on the matched route, so a percent-encoded path gets the same checks', async () => {
    const plain = await raw(t.url, '/api/v1/agents', { authorization: `Bearer ${t.adminKey}` });
    const encoded = await raw(t.url, '/%61pi/v1/%61gents', { authorization: `Bearer ${t.adminKey}` });
    expect(plain.status).toBe(200);
    expect(encoded.status).toBe(200);
    expect(encoded.body).toEqual(plain.body);
    const narrow = (
      await t.call('POST', '/api/v1/api-keys', { body: { name: 'narrow', scopes: ['account:read'] } })
    ).body.key;
    const scoped = await raw(t.url, '/%61pi/v1/agents', { authorization: `Bearer ${narrow}` });
    expect(scoped.status).toBe(403);
    expect(scoped.body.error.code).toBe('missing_scope');
  });
});

describe('requests without a valid key are limited per client address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite', { env: { FRONTDESK_AUTH_RATE_LIMIT: '5' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 429 after the limit, whatever X-Forwarded-For says (trustProxy is off)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await t.call('GET', '/api/v1/agents', {
        key: `fdk_AAAAAAAA_${'b'.repeat(32)}`,
        headers: { 'x-forwarded-for': `203.0.113.${i}` },
      });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.body.error.code).toBe('rate_limited');
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
  });
});

describe('behind a trusted proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite', {
      env: { FRONTDESK_AUTH_RATE_LIMIT: '2', FRONTDESK_TRUST_PROXY: '127.0.0.1' },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('counts per forwarded client address when the operator trusts the proxy', async () => {
    const bad = `fdk_AAAAAAAA_${'c'.repeat(32)}`;
    const from = (ip: string) =>
      t.call('GET', '/api/v1/agents', { key: bad, headers: { 'x-forwarded-for': ip } });
    expect((await from('198.51.100.1')).status).toBe(401);
    expect((await from('198.51.100.1')).status).toBe(401);
    expect((await from('198.51.100.1')).status).toBe(429);
    expect((await from('198.51.100.2')).status).toBe(401);
  });
});
