import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoStore, startDemoStore } from '../../src/demo/store-api.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';

const lookup = (url: string, triggers: string[] = ['where is my order']) => ({
  key: 'order_status',
  name: 'Order status',
  description: 'Look up where an order is',
  triggers,
  kind: 'read',
  inputs: [{ name: 'order_number', type: 'string' }],
  request: { method: 'GET', url: `${url}/orders/{{order_number}}` },
});

describe.each(backends)('API polish on %s', (kind) => {
  let t: TestApp;
  let store: DemoStore;
  let base: string;

  beforeAll(async () => {
    store = await startDemoStore();
    t = await startTestApp(kind, { env: { FRONTDESK_DEV_HOSTS: new URL(store.url).host } });
    const agentId = (await t.call('GET', '/api/v1/agents')).body.agents[0].id;
    base = `/api/v1/agents/${agentId}/actions`;
  });
  afterAll(async () => {
    await t?.close();
    await store?.close();
  });

  it('refuses duplicate trigger phrases with 422 naming the repeat', async () => {
    const res = await t.call('POST', base, {
      body: lookup(store.url, ['where is my order', 'track my package', 'Where is my  order?']),
    });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([
      { path: 'triggers[2]', message: 'Repeats triggers[0] ("where is my order"); remove one.' },
    ]);
  });

  it('publishes with a JSON content type and no body', async () => {
    expect((await t.call('POST', base, { body: lookup(store.url) })).status).toBe(201);
    const res = await t.call('POST', `${base}/order_status/publish`, {
      raw: '',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('published');
    // A route that needs a body still says what is missing.
    const empty = await t.call('POST', '/api/v1/agents', {
      raw: '',
      headers: { 'content-type': 'application/json' },
    });
    expect(empty.status).toBe(422);
    expect(empty.body.error.details.map((d: { path: string }) => d.path)).toEqual(['name']);
  });

  it('says an integer is out of range instead of calling it not an integer', async () => {
    const res = await t.call('POST', `${base}/order_status/test`, {
      raw: '{"inputs":{"order_number":"1"}}',
    });
    expect(res.status).toBe(200);
    const agents = (await t.call('GET', '/api/v1/agents')).body.agents;
    const tooLong = await t.call('PATCH', `/api/v1/agents/${agents[0].id}`, {
      raw: `{"handoff":{"maxFailures":${'9'.repeat(400)}}}`,
    });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.error.details).toEqual([
      { path: 'handoff.maxFailures', message: 'Out of range: the number is too large.' },
    ]);
    const big = await t.call('PATCH', '/api/v1/account', {
      raw: '{"settings":{"integrationLogRetentionDays":99999999999999999999}}',
    });
    expect(big.status).toBe(422);
    expect(big.body.error.details[0].path).toBe('settings.integrationLogRetentionDays');
    expect(big.body.error.details[0].message).not.toMatch(/expected int/);
  });

  it('pages the integration log by cursor and honours until', async () => {
    for (const n of ['1001', '1002', '1003', '1004', '1005']) {
      const r = await t.call('POST', `${base}/order_status/test`, { body: { inputs: { order_number: n } } });
      expect(r.status).toBe(200);
    }
    const all = await t.call('GET', '/api/v1/integration-log?actionKey=order_status&limit=500');
    expect(all.body.nextCursor).toBeNull();
    const ids = all.body.entries.map((e: { id: string }) => e.id);
    expect(ids.length).toBeGreaterThanOrEqual(5);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { entries: { id: string }[]; nextCursor: string | null } } = await t.call(
        'GET',
        `/api/v1/integration-log?actionKey=order_status&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.body.entries.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.entries.map((e) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids);

    const third = all.body.entries[2];
    const until = await t.call(
      'GET',
      `/api/v1/integration-log?actionKey=order_status&until=${encodeURIComponent(third.createdAt)}`,
    );
    expect(until.body.entries.every((e: { createdAt: string }) => e.createdAt < third.createdAt)).toBe(true);
    expect(until.body.entries.length).toBeGreaterThan(0);

    const bad = await t.call('GET', '/api/v1/integration-log?cursor=nonsense');
    expect(bad.status).toBe(422);
    expect(bad.body.error.details[0].path).toBe('cursor');
  });

  it('reads and changes the account settings, including log retention', async () => {
    const before = await t.call('GET', '/api/v1/account');
    expect(before.body.account.settings).toEqual({ integrationLogRetentionDays: 30 });
    const res = await t.call('PATCH', '/api/v1/account', {
      body: { settings: { integrationLogRetentionDays: 7 } },
    });
    expect(res.status).toBe(200);
    expect(res.body.account).toMatchObject({
      name: before.body.account.name,
      settings: { integrationLogRetentionDays: 7 },
    });
    expect((await t.call('GET', '/api/v1/account')).body.account.settings.integrationLogRetentionDays).toBe(
      7,
    );
    const bad = await t.call('PATCH', '/api/v1/account', {
      body: { settings: { integrationLogRetentionDays: 0 } },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details[0].path).toBe('settings.integrationLogRetentionDays');
    const unknown = await t.call('PATCH', '/api/v1/account', { body: { retention: 3 } });
    expect(unknown.status).toBe(422);
  });
});
