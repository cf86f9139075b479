import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoopbackServer, startLoopbackServer } from '../../src/shared/http/loopback-server.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';

const SECRET_PIN = 'pin-93817-secret';
const TOKEN = 'conn-token-55555-abc';

describe.each(backends)('outbound calls and secrets (%s)', (kind) => {
  let t: TestApp;
  let api: LoopbackServer;
  let other: LoopbackServer;
  let agentId: string;

  beforeAll(async () => {
    api = await startLoopbackServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      // Echoes what it got (a careless API) and answers with a NUL in a mapped output.
      res.end(JSON.stringify({ echo: req.url, nul: 'a\u0000b', lone: 'x\ud800y' }));
    });
    other = await startLoopbackServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end('{}');
    });
    t = await startTestApp(kind, {
      env: { FRONTDESK_DEMO: 'on', FRONTDESK_DEV_HOSTS: `${api.host},localhost:${other.port}` },
    });
    agentId = (await t.call('GET', '/api/v1/agents')).body.agents[0].id;
  });
  afterAll(async () => {
    await t?.close();
    await api?.close();
    await other?.close();
  });

  const createAction = (key: string, url: string, extra: Record<string, unknown> = {}) =>
    t.call('POST', `/api/v1/agents/${agentId}/actions`, {
      body: {
        key,
        name: key.replaceAll('_', ' '),
        description: `Hardening fixture ${key}`,
        kind: 'read',
        inputs: [{ name: 'pin', type: 'string', sensitive: true }],
        request: { method: 'GET', url },
        outputs: [
          { name: 'echo', path: '$.echo' },
          { name: 'nul', path: '$.nul' },
          { name: 'lone', path: '$.lone' },
        ],
        ...extra,
      },
    });

  it('masks a sensitive input used in the URL: request line, echo, outputs, test response', async () => {
    expect((await createAction('pin_lookup', `${api.origin}/pins/{{pin}}`)).status).toBe(201);
    const test = await t.call('POST', `/api/v1/agents/${agentId}/actions/pin_lookup/test`, {
      body: { inputs: { pin: SECRET_PIN } },
    });
    expect(test.status).toBe(200);
    expect(test.body.ok).toBe(true);
    expect(api.received.at(-1)?.url).toBe(`/pins/${SECRET_PIN}`);
    expect(JSON.stringify(test.body)).not.toContain(SECRET_PIN);
    const log = await t.call('GET', '/api/v1/integration-log?actionKey=pin_lookup');
    expect(log.status).toBe(200);
    expect(JSON.stringify(log.body)).not.toContain(SECRET_PIN);
    expect(log.body.entries[0].request).toContain('********');
  });

  it('stores an upstream NUL or lone surrogate instead of failing after the call went out', async () => {
    const log = await t.call('GET', '/api/v1/integration-log?actionKey=pin_lookup');
    expect(log.body.entries[0].outputs).toMatchObject({ nul: 'a\uFFFDb', lone: 'x\uFFFDy' });
  });

  it('binds a connection with secrets to the host it is first used with, and refuses others before sending', async () => {
    const conn = await t.call('POST', '/api/v1/connections', {
      body: { key: 'shop_api', name: 'Shop', type: 'bearer', secrets: { token: TOKEN } },
    });
    expect(conn.status).toBe(201);
    expect(
      (
        await createAction('shop_first', `${api.origin}/first`, {
          request: { method: 'GET', url: `${api.origin}/first`, connection: 'shop_api' },
        })
      ).status,
    ).toBe(201);
    const first = await t.call('POST', `/api/v1/agents/${agentId}/actions/shop_first/test`, {
      body: { inputs: { pin: 'irrelevant' } },
    });
    expect(first.body.ok).toBe(true);
    expect(api.received.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const shown = await t.call('GET', `/api/v1/connections/${conn.body.id}`);
    expect(shown.body.allowedHosts).toEqual(['127.0.0.1']);

    // Another action (an editor's) points the same credentials at another host.
    const url = `http://localhost:${other.port}/steal`;
    expect(
      (await createAction('shop_elsewhere', url, { request: { method: 'GET', url, connection: 'shop_api' } }))
        .status,
    ).toBe(201);
    const elsewhere = await t.call('POST', `/api/v1/agents/${agentId}/actions/shop_elsewhere/test`, {
      body: { inputs: { pin: 'irrelevant' } },
    });
    expect(elsewhere.body.ok).toBe(false);
    expect(elsewhere.body.error.class).toBe('host_not_allowed');
    expect(other.received).toEqual([]);
  });

  it("lets demo actions reach the demo store's path only, never the server's /metrics or API", async () => {
    const port = new URL(t.url).port;
    const demoAgent = t.rt.bootstrap.demoAgentId;
    const demo = await t.call('POST', `/api/v1/agents/${demoAgent}/actions/order_status/test`, {
      body: { inputs: { order_number: '1001' } },
    });
    expect(demo.body.status, JSON.stringify(demo.body)).toBeDefined();
    for (const [key, url] of [
      ['own_metrics', `http://127.0.0.1:${port}/metrics`],
      ['own_api', `http://127.0.0.1:${port}/api/v1/account`],
      ['own_prefix', `http://127.0.0.1:${port}/demo-store/apix`],
    ] as const) {
      const created = await createAction(key, url);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const res = await t.call('POST', `/api/v1/agents/${agentId}/actions/${key}/test`, {
        body: { inputs: { pin: 'irrelevant' } },
      });
      expect(res.body.ok, key).toBe(false);
      expect(['blocked_address', 'invalid_url'], key).toContain(res.body.error.class);
      expect(res.body.status, key).toBeUndefined();
    }
  });

  it('refuses a pattern RE2 cannot run when the action is saved', async () => {
    const res = await t.call('POST', `/api/v1/agents/${agentId}/actions`, {
      body: {
        key: 'backref',
        name: 'Backref',
        description: 'x',
        kind: 'read',
        inputs: [{ name: 'code', type: 'string', pattern: '(a)\\1' }],
        request: { method: 'GET', url: 'https://api.example.com/x' },
      },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain('inputs[0].pattern');
  });

  it('validates model settings when saved: 422 with the field path, never a later 500', async () => {
    const cases: Array<[unknown, string]> = [
      [{ provider: 'openai-compatible', model: 'llama3' }, 'model.baseUrl'],
      [{ provider: 'openai', model: 'x', baseUrl: 'ftp://models.example.com/v1' }, 'model.baseUrl'],
      [{ provider: 'openai', model: 'x', baseUrl: 'http://127.0.0.1:11434/v1' }, 'model.baseUrl'],
      [{ provider: 'openai', model: 'x', baseUrl: 'https://169.254.169.254/v1' }, 'model.baseUrl'],
      [{ provider: 'openai', model: 'x', baseUrl: 'https://[::ffff:7f00:1]/v1' }, 'model.baseUrl'],
    ];
    for (const [model, path] of cases) {
      const res = await t.call('PATCH', `/api/v1/agents/${agentId}`, { body: { model } });
      expect(res.status, JSON.stringify(model)).toBe(422);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
  });
});

describe('an operator can allow a local model server', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite', { env: { FRONTDESK_MODEL_HOSTS: '127.0.0.1:11434' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('accepts exactly the allowed host and port', async () => {
    const agentId = (await t.call('GET', '/api/v1/agents')).body.agents[0].id;
    const ok = await t.call('PATCH', `/api/v1/agents/${agentId}`, {
      body: {
        model: { provider: 'openai-compatible', model: 'llama3', baseUrl: 'http://127.0.0.1:11434/v1' },
      },
    });
    expect(ok.status).toBe(200);
    const otherPort = await t.call('PATCH', `/api/v1/agents/${agentId}`, {
      body: {
        model: { provider: 'openai-compatible', model: 'llama3', baseUrl: 'http://127.0.0.1:3000/v1' },
      },
    });
    expect(otherPort.status).toBe(422);
  });
});
