import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

const TOKEN = 'tok-super-secret-4711';
const PASSWORD = 'sensitive-password-0815';

describe('secrets stay secret; limits hold', () => {
  let t: TestApp;
  let api: Server;
  let host: string;
  let logs = '';
  const seenAuth: string[] = [];

  beforeAll(async () => {
    api = createServer((req, res) => {
      seenAuth.push(String(req.headers.authorization));
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: true, echo: req.url, token: TOKEN }));
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    host = `127.0.0.1:${(api.address() as AddressInfo).port}`;
    const sink = new Writable({
      write(chunk, _enc, cb) {
        logs += chunk.toString();
        cb();
      },
    });
    t = await startTestApp('pglite', {
      env: { FRONTDESK_DEV_HOSTS: host, LOG_LEVEL: 'debug' },
      logDestination: sink,
    });
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((r) => api.close(r));
  });

  it('never stores, returns or logs a connection secret or a sensitive input in plain text', async () => {
    const conn = await t.call('POST', '/api/v1/connections', {
      body: { key: 'vault', name: 'Vault', type: 'bearer', secrets: { token: TOKEN } },
    });
    expect(conn.status).toBe(201);
    expect(JSON.stringify(conn.body)).not.toContain(TOKEN);
    expect(conn.body.secretsSet).toEqual(['token']);

    const agentId = (await t.call('GET', '/api/v1/agents')).body.agents[0].id;
    const action = await t.call('POST', `/api/v1/agents/${agentId}/actions`, {
      body: {
        key: 'login_check',
        name: 'Login check',
        description: 'Checks a login',
        kind: 'write',
        inputs: [
          { name: 'user', type: 'string' },
          { name: 'password', type: 'string', sensitive: true },
        ],
        request: {
          method: 'POST',
          url: `http://${host}/login`,
          body: { user: '{{user}}', password: '{{password}}' },
          connection: 'vault',
        },
        outputs: [{ name: 'ok', path: '$.ok' }],
      },
    });
    expect(action.status).toBe(201);
    const test = await t.call('POST', `/api/v1/agents/${agentId}/actions/login_check/test`, {
      body: { inputs: { user: 'jane', password: PASSWORD } },
    });
    expect(test.body.ok).toBe(true);
    expect(seenAuth.at(-1)).toBe(`Bearer ${TOKEN}`);
    // The receiver got the real token; the echo, the raw body shown and the log never show it.
    expect(JSON.stringify(test.body)).not.toContain(TOKEN);
    const log = await t.call('GET', '/api/v1/integration-log?actionKey=login_check');
    const entry = log.body.entries[0];
    expect(entry.inputs).toEqual({ user: 'jane', password: '********' });
    expect(JSON.stringify(log.body)).not.toContain(TOKEN);
    expect(JSON.stringify(log.body)).not.toContain(PASSWORD);

    const rows = await sql<{ t: string }>`select row_to_json(c)::text as t from connections c`.execute(
      t.rt.ctx.db,
    );
    expect(rows.rows.map((r) => r.t).join('')).not.toContain(TOKEN);
    const logRows = await sql<{ t: string }>`select row_to_json(l)::text as t from integration_log l`.execute(
      t.rt.ctx.db,
    );
    expect(logRows.rows.map((r) => r.t).join('')).not.toContain(PASSWORD);

    expect(logs).toContain('incoming request');
    expect(logs).not.toContain(TOKEN);
    expect(logs).not.toContain(PASSWORD);
  });

  it('keeps secrets write-only on PATCH and replaces only the fields given', async () => {
    const patched = await t.call('PATCH', '/api/v1/connections/vault', { body: { name: 'Vault 2' } });
    expect(patched.body).toMatchObject({ name: 'Vault 2', secretsSet: ['token'] });
    const changeType = await t.call('PATCH', '/api/v1/connections/vault', { body: { type: 'basic' } });
    expect(changeType.status).toBe(409);
  });

  it('refuses the 101st action of an account with 422', async () => {
    const agentId = (await t.call('GET', '/api/v1/agents')).body.agents[0].id;
    const existing = (await t.call('GET', `/api/v1/agents/${agentId}/actions`)).body.actions.length;
    for (let i = existing; i < 100; i++) {
      const res = await t.call('POST', `/api/v1/agents/${agentId}/actions`, {
        body: {
          key: `a${i}`,
          name: `Action ${i}`,
          description: 'filler',
          kind: 'read',
          request: { method: 'GET', url: 'https://api.example.com/x' },
        },
      });
      expect(res.status).toBe(201);
    }
    const over = await t.call('POST', `/api/v1/agents/${agentId}/actions`, {
      body: {
        key: 'one_too_many',
        name: 'One too many',
        description: 'x',
        kind: 'read',
        request: { method: 'GET', url: 'https://api.example.com/x' },
      },
    });
    expect(over.status).toBe(422);
    expect(over.body.error.code).toBe('limit_exceeded');
  });

  it('refuses more than 100 inputs with the path', async () => {
    const agentId = (await t.call('GET', '/api/v1/agents')).body.agents[0].id;
    const inputs = Array.from({ length: 101 }, (_, i) => ({ name: `i${i}`, type: 'string' }));
    const res = await t.call('POST', `/api/v1/agents/${agentId}/flows`, {
      body: {
        key: 'big',
        name: 'Big',
        description: 'x',
        inputs,
        steps: [{ action: 'login_check', inputs: {} }],
      },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.details.some((d: { path: string }) => d.path === 'inputs')).toBe(true);
  });
});

describe('connection credentials cannot be pointed elsewhere without re-entering them', () => {
  it('asks for the secret again when allowedHosts or the token URL changes', async () => {
    const t = await startTestApp('pglite');
    try {
      await t.call('POST', '/api/v1/connections', {
        body: {
          key: 'oauth',
          name: 'OAuth',
          type: 'oauth2_client_credentials',
          tokenUrl: 'https://auth.example.com/token',
          clientId: 'id',
          secrets: { clientSecret: 'cs-1' },
        },
      });
      const moved = await t.call('PATCH', '/api/v1/connections/oauth', {
        body: { tokenUrl: 'https://evil.example.net/token' },
      });
      expect(moved.status).toBe(422);
      expect(moved.body.error.details[0].path).toBe('secrets');
      const hosts = await t.call('PATCH', '/api/v1/connections/oauth', {
        body: { allowedHosts: ['evil.example.net'] },
      });
      expect(hosts.status).toBe(422);
      const ok = await t.call('PATCH', '/api/v1/connections/oauth', {
        body: { tokenUrl: 'https://auth2.example.com/token', secrets: { clientSecret: 'cs-2' } },
      });
      expect(ok.status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
