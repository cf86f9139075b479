import { Signature } from '@hubspot/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleAction } from '../../../test/support/action-fixtures.ts';
import { OAuthTokenCache } from '../../connections/auth/oauth2.ts';
import { type ResolvedConnection, validateConnectionInput } from '../../connections/definition.ts';
import { createHttpClient, type HttpClient } from '../../shared/http/client.ts';
import { type LoopbackServer, sendJson, startLoopbackServer } from '../../shared/http/loopback-server.ts';
import { parseJsonPreservingNumbers } from '../definition/json-numbers.ts';
import type { ActionDefinitionInput } from '../definition/schema.ts';
import { validateActionDefinition } from '../definition/validate.ts';
import { runAction } from './run-action.ts';

let store: LoopbackServer;
let auth: LoopbackServer;
let client: HttpClient;
let issued = 0;

beforeAll(async () => {
  store = await startLoopbackServer((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const [, first, second] = url.pathname.split('/');
    if (first === 'orders' && second === '1234') {
      return sendJson(res, 200, {
        status: 'shipped',
        delivery: { eta: '2025-06-04' },
        customer: { email: url.searchParams.get('email'), address: '1 Private Lane' },
      });
    }
    if (first === 'orders' && second === '9999') return sendJson(res, 200, { status: 'processing' });
    if (first === 'orders') return sendJson(res, 404, { error: 'no such order' });
    if (first === 'cart') {
      return sendJson(res, 201, { received: JSON.parse(body), contentType: req.headers['content-type'] });
    }
    if (first === 'slow') return;
    if (first === 'reflect') {
      // A careless API that echoes the credential back, in a header and the body.
      const key = url.searchParams.get('api_key') ?? '';
      res.writeHead(200, { 'content-type': `text/plain; key=${key}` });
      res.end(`you sent ${key} and ${req.headers.authorization}`);
      return;
    }
    if (first === 'secure') {
      const ok = req.headers.authorization !== undefined && req.headers.authorization !== 'Bearer tok-1';
      return sendJson(res, ok ? 200 : 401, { ok });
    }
    if (first === 'signed') return sendJson(res, 200, { ok: true });
    sendJson(res, 500, {});
  });
  auth = await startLoopbackServer((_req, res) => {
    issued++;
    sendJson(res, 200, { access_token: `tok-${issued}`, expires_in: 3600 });
  });
  client = createHttpClient({ devHosts: [store.host, auth.host] });
});
afterAll(async () => {
  await client.close();
  await store.close();
  await auth.close();
});

const action = (overrides: Partial<ActionDefinitionInput> = {}) =>
  validateActionDefinition(sampleAction(overrides));
const orderStatus = () =>
  action({
    request: { method: 'GET', url: `${store.origin}/orders/{{order_id}}`, query: { email: '{{email}}' } },
  });

describe('runAction against a loopback store API', () => {
  it('runs a read action: request, status, duration and only the mapped outputs', async () => {
    const result = await runAction({
      action: orderStatus(),
      inputs: { order_id: '1234', email: 'jane@example.com' },
      options: { client },
    });
    expect(result.ok).toBe(true);
    expect(result.status).toBe(200);
    expect(result.outputs).toEqual({ status: 'shipped', eta: '2025-06-04' });
    expect(JSON.stringify(result)).not.toContain('Private Lane');
    expect(result.body).toBeUndefined();
    expect(result.request).toEqual({
      method: 'GET',
      url: `${store.origin}/orders/1234?email=jane%40example.com`,
      headers: { Accept: 'application/json', 'User-Agent': 'Frontdesk', 'Content-Type': 'application/json' },
    });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    const received = store.received.at(-1)!;
    expect(received.headers['content-type']).toBe('application/json');
    expect(received.headers.accept).toBe('application/json');
  });

  it('omits a mapped output missing from the response', async () => {
    const result = await runAction({
      action: orderStatus(),
      inputs: { order_id: '9999', email: 'jane@example.com' },
      options: { client },
    });
    expect(result.ok).toBe(true);
    expect(result.outputs).toEqual({ status: 'processing' });
  });

  it('shows the raw body for a test call when asked', async () => {
    const result = await runAction({
      action: orderStatus(),
      inputs: { order_id: '1234', email: 'jane@example.com' },
      options: { client, includeResponseBody: true },
    });
    expect(JSON.parse(result.body ?? '')).toMatchObject({ status: 'shipped' });
    expect(result.bodyTruncated).toBe(false);
  });

  it('sends typed JSON in the body', async () => {
    const cart = action({
      kind: 'write',
      inputs: [
        { name: 'sku', type: 'string' },
        { name: 'qty', type: 'integer' },
        { name: 'note', type: 'string', required: false },
      ],
      request: {
        method: 'POST',
        url: `${store.origin}/cart`,
        body: { sku: '{{sku}}', qty: '{{qty}}', note: 'n: {{note}}' },
      },
      outputs: [{ name: 'received', path: '$.received' }],
      responseTemplate: 'ok',
    });
    const result = await runAction({
      action: cart,
      inputs: parseJsonPreservingNumbers('{"sku": "A-1\\"}", "qty": 3, "note": "\\"}"}'),
      options: { client },
    });
    expect(result.outputs).toEqual({ received: { sku: 'A-1"}', qty: 3, note: 'n: "}' } });
    expect(result.request?.body).toBe('{"sku":"A-1\\"}","qty":3,"note":"n: \\"}"}');
  });

  it('refuses {"qty": 3.0} before sending anything', async () => {
    const cart = action({
      kind: 'write',
      inputs: [{ name: 'qty', type: 'integer' }],
      request: { method: 'POST', url: `${store.origin}/cart`, body: { qty: '{{qty}}' } },
      outputs: [],
      responseTemplate: 'ok',
    });
    const before = store.received.length;
    const result = await runAction({
      action: cart,
      inputs: parseJsonPreservingNumbers('{"qty": 3.0}'),
      options: { client },
    });
    expect(result.ok).toBe(false);
    expect(result.error?.class).toBe('invalid_input');
    expect(result.error?.details).toEqual([{ path: 'qty', message: expect.stringContaining('3.0') }]);
    expect(result.request).toBeUndefined();
    expect(store.received.length).toBe(before);
  });

  it('classifies an HTTP error status', async () => {
    const result = await runAction({
      action: orderStatus(),
      inputs: { order_id: '4040', email: 'jane@example.com' },
      options: { client },
    });
    expect(result).toMatchObject({ ok: false, status: 404, outputs: {}, error: { class: 'http_status' } });
  });

  it('times out on a slow API, still showing the request', async () => {
    const slow = action({
      request: { method: 'GET', url: `${store.origin}/slow` },
      outputs: [],
      responseTemplate: 'x',
    });
    const result = await runAction({
      action: slow,
      inputs: { order_id: '1234', email: 'a@b.co' },
      options: { client, timeoutMs: 150 },
    });
    expect(result.error?.class).toBe('timeout');
    expect(result.request?.url).toBe(`${store.origin}/slow`);
  });

  it('enforces the address policy on the action URL', async () => {
    const metadata = action({ request: { method: 'GET', url: 'http://169.254.169.254/latest/meta-data' } });
    const blocked = await runAction({ action: metadata, inputs: { order_id: '1234', email: 'a@b.co' } });
    expect(blocked.error?.class).toBe('blocked_address');

    const internal = action({
      request: { method: 'GET', url: 'https://orders.internal.example/o/{{order_id}}' },
    });
    const resolve = async () => [{ address: '10.1.2.3', family: 4 as const }];
    const viaDns = await runAction({
      action: internal,
      inputs: { order_id: '1234', email: 'a@b.co' },
      options: { resolve },
    });
    expect(viaDns.error?.class).toBe('blocked_address');

    const plain = action({ request: { method: 'GET', url: 'http://orders.example.com/o' } });
    const http = await runAction({ action: plain, inputs: { order_id: '1234', email: 'a@b.co' } });
    expect(http.error?.class).toBe('invalid_url');
  });

  it('needs the connection the action names', async () => {
    const needs = action({
      request: { method: 'GET', url: `${store.origin}/orders/1`, connection: 'store' },
    });
    const result = await runAction({
      action: needs,
      inputs: { order_id: '1234', email: 'a@b.co' },
      options: { client },
    });
    expect(result.error?.class).toBe('auth_failed');
  });
});

describe('secrets', () => {
  const keyInQuery: ResolvedConnection = validateConnectionInput({
    key: 'store',
    name: 'Store',
    type: 'api_key',
    in: 'query',
    parameterName: 'api_key',
    secrets: { apiKey: 'sk live/42+x' },
  });
  const bearer: ResolvedConnection = validateConnectionInput({
    key: 'store',
    name: 'Store',
    type: 'bearer',
    secrets: { token: 'bearer-secret-77' },
  });

  it('are masked in the request echo, the shown body and error messages', async () => {
    const reflect = action({
      request: { method: 'GET', url: `${store.origin}/reflect`, connection: 'store' },
      outputs: [],
      responseTemplate: 'x',
    });
    for (const connection of [keyInQuery, bearer]) {
      const result = await runAction({
        action: reflect,
        connection,
        inputs: { order_id: '1234', email: 'a@b.co' },
        options: { client, includeResponseBody: true },
      });
      expect(result.error?.class).toBe('not_json');
      // The server really got the secret…
      const received = store.received.at(-1)!;
      expect(`${received.url} ${received.headers.authorization}`).toMatch(
        /sk\+live%2F42%2Bx|bearer-secret-77/,
      );
      // …and none of it leaves the runner.
      const text = JSON.stringify(result);
      for (const leaked of ['sk live/42+x', 'sk+live%2F42%2Bx', 'sk%20live%2F42%2Bx', 'bearer-secret-77']) {
        expect(text).not.toContain(leaked);
      }
      expect(text).toContain('********');
    }
  });
});

describe('OAuth and signatures through runAction', () => {
  it('refetches the token once after a 401', async () => {
    const connection = validateConnectionInput({
      key: 'secure',
      name: 'Secure',
      type: 'oauth2_client_credentials',
      tokenUrl: `${auth.origin}/token`,
      clientId: 'id',
      secrets: { clientSecret: 'cs' },
    });
    issued = 0;
    const secure = action({
      request: { method: 'GET', url: `${store.origin}/secure`, connection: 'secure' },
    });
    const result = await runAction({
      action: secure,
      connection,
      inputs: { order_id: '1234', email: 'a@b.co' },
      options: { client, tokens: new OAuthTokenCache() },
    });
    expect(result.ok).toBe(true);
    expect(issued).toBe(2);
    expect(result.request?.headers['Authorization']).toBe('********');
  });

  it('signs the exact body it sends (HubSpot v3)', async () => {
    const clientSecret = 'hs-client-secret';
    const connection = validateConnectionInput({
      key: 'hs',
      name: 'HS',
      type: 'hubspot_signature_v3',
      secrets: { clientSecret },
    });
    const signed = action({
      kind: 'write',
      inputs: [{ name: 'note', type: 'string' }],
      request: {
        method: 'POST',
        url: `${store.origin}/signed?a=(1)`,
        body: { note: '{{note}}' },
        connection: 'hs',
      },
      outputs: [],
      responseTemplate: 'x',
    });
    const result = await runAction({
      action: signed,
      connection,
      inputs: { note: 'héllo "there"' },
      options: { client },
    });
    expect(result.ok).toBe(true);
    const received = store.received.at(-1)!;
    expect(
      Signature.isValid({
        signatureVersion: 'v3',
        signature: received.headers['x-hubspot-signature-v3'] as string,
        clientSecret,
        method: 'POST',
        url: `http://${received.headers.host}${received.url}`,
        requestBody: received.body,
        timestamp: Number(received.headers['x-hubspot-request-timestamp']),
      }),
    ).toBe(true);
    expect(result.request?.headers['X-HubSpot-Signature-v3']).toBe('********');
  });
});
