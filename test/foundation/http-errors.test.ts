import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

describe('HTTP surface: errors, limits, docs, metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite', { env: { FRONTDESK_BODY_LIMIT: '4096', FRONTDESK_RATE_LIMIT: '40' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('malformed JSON → 400 and nothing written', async () => {
    const before = (await t.call('GET', '/api/v1/agents')).body.agents.length;
    const res = await t.call('POST', '/api/v1/agents', { raw: '{"name": "x",' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('malformed_json');
    expect(res.body.error.details).toEqual([]);
    expect((await t.call('GET', '/api/v1/agents')).body.agents.length).toBe(before);
  });

  it('prototype-poisoning JSON → 400', async () => {
    const res = await t.call('POST', '/api/v1/agents', { raw: '{"name":"x","__proto__":{"admin":true}}' });
    expect(res.status).toBe(400);
  });

  it('wrong types → 422 with every field path', async () => {
    const res = await t.call('POST', '/api/v1/agents', {
      body: { name: 42, languages: ['en', 7], guidelines: 'be nice' },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('invalid');
    const paths = res.body.error.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(['guidelines', 'languages[1]', 'name']);
  });

  it('an oversized body → 413', async () => {
    const res = await t.call('POST', '/api/v1/agents', { body: { name: 'x', tone: 'y'.repeat(5000) } });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('unknown routes → 404 in the error format; unsupported media → 415', async () => {
    const res = await t.call('GET', '/api/v1/nope');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
    const media = await t.call('POST', '/api/v1/agents', {
      raw: 'name=x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(media.status).toBe(415);
    expect(media.body.error.code).toBe('unsupported_media_type');
  });

  it('a missing agent → 404; PATCH with nothing → 422', async () => {
    expect((await t.call('GET', '/api/v1/agents/agt_missing')).status).toBe(404);
    const agents = (await t.call('GET', '/api/v1/agents')).body.agents;
    const res = await t.call('PATCH', `/api/v1/agents/${agents[0].id}`, { body: {} });
    expect(res.status).toBe(422);
  });

  it('agents CRUD keeps omitted fields on PATCH', async () => {
    const created = await t.call('POST', '/api/v1/agents', {
      body: { name: 'Ava', guidelines: ['never promise refunds'], languages: ['en', 'de'] },
    });
    expect(created.status).toBe(201);
    const patched = await t.call('PATCH', `/api/v1/agents/${created.body.id}`, { body: { tone: 'warm' } });
    expect(patched.body).toMatchObject({ name: 'Ava', tone: 'warm', guidelines: ['never promise refunds'] });
    expect((await t.call('DELETE', `/api/v1/agents/${created.body.id}`)).status).toBe(204);
    expect((await t.call('GET', `/api/v1/agents/${created.body.id}`)).status).toBe(404);
  });

  it('serves the OpenAPI 3.1 document, the docs page and metrics', async () => {
    const doc = await t.call('GET', '/api/v1/openapi.json', { key: null });
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toContain('/api/v1/agents/{agentId}');
    const docs = await fetch(`${t.url}/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
    const metrics = await fetch(`${t.url}/metrics`);
    const text = await metrics.text();
    expect(text).toContain('frontdesk_http_requests_total');
    expect(text).toMatch(/route="\/api\/v1\/agents\/:agentId"/);
  });

  it('echoes a request id', async () => {
    const res = await t.call('GET', '/healthz', { key: null, headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
  });

  it('rate-limits per key with 429 and Retry-After', async () => {
    const { key } = (
      await t.call('POST', '/api/v1/api-keys', { body: { name: 'busy', scopes: ['agents:read'] } })
    ).body;
    let limited: { status: number; body: any; headers: Headers } | undefined;
    for (let i = 0; i < 45 && !limited; i++) {
      const res = await t.call('GET', '/api/v1/agents', { key });
      if (res.status === 429) limited = res;
    }
    expect(limited?.body.error.code).toBe('rate_limited');
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another key is unaffected.
    expect((await t.call('GET', '/api/v1/account')).status).toBe(200);
  });
});
