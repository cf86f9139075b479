import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoStore, startDemoStore } from '../../src/demo/store-api.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';

const orderStatus = (url: string) => ({
  key: 'order_status',
  name: 'Order status',
  description: 'Look up where an order is',
  triggers: ['where is my order', 'track my package'],
  kind: 'read',
  inputs: [
    {
      name: 'order_number',
      type: 'string',
      pattern: '^[0-9]{4,6}$',
      instructions: 'Your 4-6 digit order number',
    },
  ],
  request: { method: 'GET', url: `${url}/orders/{{order_number}}` },
  outputs: [
    { name: 'status', path: '$.order.status' },
    { name: 'eta', path: '$.order.delivery.eta' },
  ],
  responseTemplate: 'Order {{order_number}} is {{status}}.',
});

describe.each(backends)('actions API on %s', (kind) => {
  let t: TestApp;
  let store: DemoStore;
  let agentId: string;
  let base: string;

  beforeAll(async () => {
    store = await startDemoStore();
    const host = new URL(store.url).host;
    t = await startTestApp(kind, { env: { FRONTDESK_DEV_HOSTS: host } });
    agentId = (await t.call('GET', '/api/v1/agents')).body.agents[0].id;
    base = `/api/v1/agents/${agentId}/actions`;
  });
  afterAll(async () => {
    await t?.close();
    await store?.close();
  });

  it('creates a draft, tests it, publishes a version, refuses edits until unpublished', async () => {
    const created = await t.call('POST', base, { body: orderStatus(store.url) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      key: 'order_status',
      status: 'draft',
      kind: 'read',
      publishedVersion: null,
    });

    const test = await t.call('POST', `${base}/order_status/test`, {
      body: { inputs: { order_number: '1234' } },
    });
    expect(test.status).toBe(200);
    expect(test.body).toMatchObject({
      ok: true,
      status: 200,
      outputs: { status: 'shipped', eta: '2026-11-25' },
    });
    expect(test.body.request.url).toBe(`${store.url}/orders/1234`);
    expect(test.body.body).toContain('Frontdesk mug');

    const pub = await t.call('POST', `${base}/${created.body.id}/publish`);
    expect(pub.body).toMatchObject({ status: 'published', publishedVersion: 1 });
    const edit = await t.call('PATCH', `${base}/order_status`, { body: { name: 'Order lookup' } });
    expect(edit.status).toBe(409);
    expect((await t.call('DELETE', `${base}/order_status`)).status).toBe(409);

    await t.call('POST', `${base}/order_status/unpublish`);
    const edit2 = await t.call('PATCH', `${base}/order_status`, { body: { name: 'Order lookup' } });
    expect(edit2.body).toMatchObject({ name: 'Order lookup' });
    const pub2 = await t.call('POST', `${base}/order_status/publish`);
    expect(pub2.body.publishedVersion).toBe(2);
    const versions = (await t.call('GET', `${base}/order_status/versions`)).body.versions;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(versions[1].definition.name).toBe('Order status');
  });

  it('rejects a placeholder naming no input and wrong input types with paths', async () => {
    const bad = orderStatus(store.url);
    const res = await t.call('POST', base, {
      body: {
        ...bad,
        key: 'bad_one',
        name: 'Bad',
        request: { method: 'GET', url: `${store.url}/orders/{{nope}}` },
      },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain('request.url');

    const test = await t.call('POST', `${base}/order_status/test`, {
      raw: '{"inputs":{"order_number": 1234}}',
    });
    expect(test.body.ok).toBe(false);
    expect(test.body.error.class).toBe('invalid_input');
  });

  it('records executions in the integration log, filterable', async () => {
    const all = await t.call('GET', '/api/v1/integration-log?actionKey=order_status');
    expect(all.body.entries.length).toBeGreaterThanOrEqual(2);
    expect(all.body.entries[0]).toMatchObject({ mode: 'test', actionKey: 'order_status' });
    const errors = await t.call('GET', '/api/v1/integration-log?status=error');
    expect(errors.body.entries.every((e: { status: string }) => e.status === 'error')).toBe(true);
    const bad = await t.call('GET', '/api/v1/integration-log?since=yesterday');
    expect(bad.status).toBe(422);
    expect(bad.body.error.details[0].path).toBe('query.since');
  });
});
