import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpClient } from '../../shared/http/client.ts';
import { OutboundError } from '../../shared/http/errors.ts';
import { type LoopbackServer, sendJson, startLoopbackServer } from '../../shared/http/loopback-server.ts';
import { validateConnectionInput } from '../definition.ts';
import { createAuthorizer } from './authorize.ts';
import { OAuthTokenCache } from './oauth2.ts';

let tokenServer: LoopbackServer;
let api: LoopbackServer;
let client: HttpClient;
let issued = 0;
let tokenMode: 'ok' | 'reject' | 'no-expiry' = 'ok';

beforeAll(async () => {
  tokenServer = await startLoopbackServer((_req, res) => {
    if (tokenMode === 'reject') return sendJson(res, 401, { error: 'invalid_client' });
    issued++;
    const body: Record<string, unknown> = { access_token: `tok-${issued}`, token_type: 'Bearer' };
    if (tokenMode === 'ok') body['expires_in'] = 3600;
    sendJson(res, 200, body);
  });
  api = await startLoopbackServer((req, res) => sendJson(res, 200, { auth: req.headers.authorization }));
  client = createHttpClient({ devHosts: [tokenServer.host, api.host] });
});
afterAll(async () => {
  await client.close();
  await tokenServer.close();
  await api.close();
});
beforeEach(() => {
  tokenMode = 'ok';
});

function oauth(method: 'client_secret_basic' | 'client_secret_post' = 'client_secret_basic') {
  return validateConnectionInput({
    key: 'crm',
    name: 'CRM',
    type: 'oauth2_client_credentials',
    tokenUrl: `${tokenServer.origin}/oauth/token`,
    clientId: 'client:1',
    scope: 'orders.read',
    audience: 'https://api.example.com',
    clientAuthMethod: method,
    secrets: { clientSecret: 's3cret&=' },
  });
}

describe('OAuth 2.0 client credentials', () => {
  it('fetches a token once, caches it, and refreshes it shortly before it expires', async () => {
    const tokens = new OAuthTokenCache();
    let clock = 1_000_000;
    const conn = oauth();
    const call = async () => {
      const url = new URL(`${api.origin}/orders`);
      const authorizer = createAuthorizer(conn, url, { client, now: () => clock, tokens });
      const res = await client.request({ method: 'GET', url, prepare: authorizer.prepare });
      return (res.json as { auth: string }).auth;
    };
    const firstIssued = issued;
    const before = tokenServer.received.length;
    const first = await call();
    expect(first).toBe(`Bearer tok-${firstIssued + 1}`);
    const tokenRequest = tokenServer.received.at(-1)!;
    expect(tokenRequest.method).toBe('POST');
    expect(tokenRequest.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(tokenRequest.body);
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('scope')).toBe('orders.read');
    expect(form.get('audience')).toBe('https://api.example.com');
    expect(form.get('client_secret')).toBeNull();
    const basic = Buffer.from((tokenRequest.headers.authorization ?? '').slice(6), 'base64').toString();
    const [id, secret] = basic.split(':').map((p) => decodeURIComponent(p.replace(/\+/g, ' ')));
    expect([id, secret]).toEqual(['client:1', 's3cret&=']);

    clock += 3_000_000; // 50 min of 60: still cached
    expect(await call()).toBe(first);
    expect(tokenServer.received.length).toBe(before + 1);

    clock += 560_000; // 59 min 20 s: within the refresh margin
    expect(await call()).toBe(`Bearer tok-${firstIssued + 2}`);
    expect(tokenServer.received.length).toBe(before + 2);
  });

  it('fetches a fresh token after a 401 invalidates the cached one', async () => {
    const tokens = new OAuthTokenCache();
    tokenMode = 'no-expiry';
    const conn = oauth();
    const url = new URL(`${api.origin}/`);
    const a = createAuthorizer(conn, url, { client, now: () => 0, tokens });
    const first = await a.prepare({ method: 'GET', url, headers: {}, body: undefined });
    const again = await a.prepare({ method: 'GET', url, headers: {}, body: undefined });
    expect(again.headers['Authorization']).toBe(first.headers['Authorization']);
    expect(a.invalidate()).toBe(true);
    const fresh = await a.prepare({ method: 'GET', url, headers: {}, body: undefined });
    expect(fresh.headers['Authorization']).not.toBe(first.headers['Authorization']);
    expect(a.secrets()).toContain((fresh.headers['Authorization'] ?? '').slice(7));
  });

  it('sends the client secret in the body with client_secret_post', async () => {
    const tokens = new OAuthTokenCache();
    const url = new URL(`${api.origin}/`);
    await createAuthorizer(oauth('client_secret_post'), url, { client, now: () => 0, tokens }).prepare({
      method: 'GET',
      url,
      headers: {},
      body: undefined,
    });
    const form = new URLSearchParams(tokenServer.received.at(-1)!.body);
    expect(form.get('client_id')).toBe('client:1');
    expect(form.get('client_secret')).toBe('s3cret&=');
    expect(tokenServer.received.at(-1)!.headers.authorization).toBeUndefined();
  });

  it('shares one token request between concurrent callers', async () => {
    const tokens = new OAuthTokenCache();
    const before = tokenServer.received.length;
    const url = new URL(`${api.origin}/`);
    const conn = oauth();
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        createAuthorizer(conn, url, { client, now: () => 0, tokens }).prepare({
          method: 'GET',
          url,
          headers: {},
          body: undefined,
        }),
      ),
    );
    expect(new Set(results.map((r) => r.headers['Authorization'])).size).toBe(1);
    expect(tokenServer.received.length).toBe(before + 1);
  });

  it('reports a refused token request as auth_failed', async () => {
    tokenMode = 'reject';
    const url = new URL(`${api.origin}/`);
    const error = await createAuthorizer(oauth(), url, {
      client,
      now: () => 0,
      tokens: new OAuthTokenCache(),
    })
      .prepare({ method: 'GET', url, headers: {}, body: undefined })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboundError);
    expect((error as OutboundError).errorClass).toBe('auth_failed');
    expect((error as OutboundError).message).toContain('invalid_client');
  });
});
