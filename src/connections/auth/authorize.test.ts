import { Signature } from '@hubspot/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpClient } from '../../shared/http/client.ts';
import { OutboundError } from '../../shared/http/errors.ts';
import { type LoopbackServer, sendJson, startLoopbackServer } from '../../shared/http/loopback-server.ts';
import {
  type ConnectionDefinitionInput,
  type ResolvedConnection,
  validateConnectionInput,
} from '../definition.ts';
import { createAuthorizer } from './authorize.ts';
import { OAuthTokenCache } from './oauth2.ts';

// What a HubSpot v3 receiver does to the URI before hashing (contracts §1.8).
function receiverUri(raw: string): string {
  const table: Record<string, string> = {
    '%3A': ':',
    '%2F': '/',
    '%3F': '?',
    '%40': '@',
    '%21': '!',
    '%24': '$',
    '%27': "'",
    '%28': '(',
    '%29': ')',
    '%2A': '*',
    '%2C': ',',
    '%3B': ';',
  };
  return raw.replace(/%[0-9A-F]{2}/g, (m) => table[m] ?? m);
}

function connection(
  input: ConnectionDefinitionInput & { secrets: Record<string, string> },
): ResolvedConnection {
  return validateConnectionInput(input);
}

let api: LoopbackServer;
let client: HttpClient;
const tokens = new OAuthTokenCache();

beforeAll(async () => {
  api = await startLoopbackServer((req, res) => sendJson(res, 200, { path: req.url }));
  client = createHttpClient({ devHosts: [api.host, 'elsewhere.test'] });
});
afterAll(async () => {
  await client.close();
  await api.close();
});

async function call(
  conn: ResolvedConnection | undefined,
  method: string,
  path: string,
  body?: string,
  now = Date.now,
) {
  const url = new URL(path, api.origin);
  const authorizer = createAuthorizer(conn, url, { client, now, tokens });
  const response = await client.request({
    method,
    url,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined ? { body } : {}),
    prepare: authorizer.prepare,
  });
  return { response, received: api.received.at(-1)!, authorizer };
}

describe('connections as seen by an independent receiver', () => {
  it('api_key in a header', async () => {
    const conn = connection({
      key: 'store',
      name: 'Store',
      type: 'api_key',
      in: 'header',
      parameterName: 'X-Api-Key',
      secrets: { apiKey: 'k-123' },
    });
    const { received } = await call(conn, 'GET', '/orders');
    expect(received.headers['x-api-key']).toBe('k-123');
  });

  it('api_key in the query, encoded', async () => {
    const conn = connection({
      key: 'store',
      name: 'Store',
      type: 'api_key',
      in: 'query',
      parameterName: 'api_key',
      secrets: { apiKey: 'a&b=c d' },
    });
    const { received } = await call(conn, 'GET', '/orders?page=2');
    const query = new URL(received.url, 'http://x').searchParams;
    expect(query.get('api_key')).toBe('a&b=c d');
    expect(query.get('page')).toBe('2');
  });

  it('bearer', async () => {
    const conn = connection({ key: 'b', name: 'B', type: 'bearer', secrets: { token: 'tok' } });
    const { received } = await call(conn, 'GET', '/');
    expect(received.headers['authorization']).toBe('Bearer tok');
  });

  it('basic', async () => {
    const conn = connection({
      key: 'b',
      name: 'B',
      type: 'basic',
      username: 'jane',
      secrets: { password: 'pä:ss' },
    });
    const { received } = await call(conn, 'GET', '/');
    const [scheme, encoded] = (received.headers['authorization'] ?? '').split(' ');
    expect(scheme).toBe('Basic');
    expect(Buffer.from(encoded ?? '', 'base64').toString('utf8')).toBe('jane:pä:ss');
  });

  it('none adds nothing', async () => {
    const conn = connection({ key: 'n', name: 'N', type: 'none', secrets: {} });
    const { received } = await call(conn, 'GET', '/');
    expect(received.headers['authorization']).toBeUndefined();
  });

  describe('HubSpot signature v3, verified by @hubspot/api-client', () => {
    const clientSecret = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy';
    const conn = connection({
      key: 'hs',
      name: 'HS',
      type: 'hubspot_signature_v3',
      secrets: { clientSecret },
    });

    it.each([
      ['POST', '/webhook_uri', '{"example_field":"example_value","ü":"ß"}'],
      ['GET', '/hooks/a%3Ab%40c?x=%2F%3F&y=(1)', undefined],
      ['DELETE', '/items/1?force=true', undefined],
    ])('%s %s', async (method, path, body) => {
      const { received } = await call(conn, method, path, body);
      const signature = received.headers['x-hubspot-signature-v3'];
      const timestamp = Number(received.headers['x-hubspot-request-timestamp']);
      expect(typeof signature).toBe('string');
      const valid = Signature.isValid({
        signatureVersion: 'v3',
        signature: signature as string,
        clientSecret,
        method,
        url: receiverUri(`http://${received.headers.host}${received.url}`),
        requestBody: received.body,
        timestamp,
      });
      expect(valid).toBe(true);
      // The same check with a wrong secret fails, so the assertion above is meaningful.
      const forged = Signature.isValid({
        signatureVersion: 'v3',
        signature: signature as string,
        clientSecret: 'other',
        method,
        url: receiverUri(`http://${received.headers.host}${received.url}`),
        requestBody: received.body,
        timestamp,
      });
      expect(forged).toBe(false);
    });
  });
});

describe('allowed hosts', () => {
  it('refuses a host outside the list before anything is sent', async () => {
    const conn = connection({
      key: 'b',
      name: 'B',
      type: 'bearer',
      allowedHosts: ['api.example.com', '*.example.org'],
      secrets: { token: 't' },
    });
    const before = api.received.length;
    const error = await call(conn, 'GET', '/').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboundError);
    expect((error as OutboundError).errorClass).toBe('host_not_allowed');
    expect(api.received.length).toBe(before);
  });

  it('sends to a listed host', async () => {
    const conn = connection({
      key: 'b',
      name: 'B',
      type: 'bearer',
      allowedHosts: ['127.0.0.1'],
      secrets: { token: 't' },
    });
    const { received } = await call(conn, 'GET', '/');
    expect(received.headers['authorization']).toBe('Bearer t');
  });

  it('refuses a redirect to a host outside the list', async () => {
    const redirecting = await startLoopbackServer((_req, res) => {
      res.writeHead(302, { location: 'http://elsewhere.test/' });
      res.end();
    });
    const c = createHttpClient({ devHosts: [redirecting.host, 'elsewhere.test'] });
    const conn = connection({
      key: 'b',
      name: 'B',
      type: 'bearer',
      allowedHosts: ['127.0.0.1'],
      secrets: { token: 't' },
    });
    const url = new URL(`${redirecting.origin}/`);
    const authorizer = createAuthorizer(conn, url, { client: c, now: Date.now, tokens });
    const error = await c
      .request({ method: 'GET', url, prepare: authorizer.prepare })
      .catch((e: unknown) => e);
    expect((error as OutboundError).errorClass).toBe('host_not_allowed');
    await c.close();
    await redirecting.close();
  });

  it('without a list, a redirect to another origin goes on without credentials', async () => {
    const target = await startLoopbackServer((_req, res) => sendJson(res, 200, {}));
    const redirecting = await startLoopbackServer((_req, res) => {
      res.writeHead(307, { location: `${target.origin}/next` });
      res.end();
    });
    const c = createHttpClient({ devHosts: [redirecting.host, target.host] });
    const conn = connection({
      key: 'k',
      name: 'K',
      type: 'api_key',
      in: 'header',
      parameterName: 'X-Key',
      secrets: { apiKey: 'sekret' },
    });
    const url = new URL(`${redirecting.origin}/`);
    const authorizer = createAuthorizer(conn, url, { client: c, now: Date.now, tokens });
    await c.request({ method: 'GET', url, prepare: authorizer.prepare });
    expect(redirecting.received[0]?.headers['x-key']).toBe('sekret');
    expect(target.received[0]?.headers['x-key']).toBeUndefined();
    await c.close();
    await redirecting.close();
    await target.close();
  });
});
