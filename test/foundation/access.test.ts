import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';

describe.each(backends)('access on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers health and readiness', async () => {
    expect((await t.call('GET', '/healthz', { key: null })).body).toEqual({ status: 'ok' });
    const ready = await t.call('GET', '/readyz', { key: null });
    expect(ready.status).toBe(200);
    expect(ready.body.database).toBe(kind);
  });

  it('reads the account with the admin key and returns its scopes', async () => {
    const res = await t.call('GET', '/api/v1/account');
    expect(res.status).toBe(200);
    expect(res.body.account.id).toMatch(/^acc_/);
    expect(res.body.key.scopes).toContain('integrations:connect');
    expect(res.body.key.scopes).toContain('skills:write');
  });

  it('answers 401 without a key, with a wrong key and with a malformed header', async () => {
    for (const key of [null, 'fdk_AAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB', 'nonsense']) {
      const res = await t.call('GET', '/api/v1/account', { key });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    }
    const basic = await t.call('GET', '/api/v1/account', {
      key: null,
      headers: { authorization: 'Basic eDp5' },
    });
    expect(basic.status).toBe(401);
  });

  it('creates a scoped key once, enforces its scopes with 403 naming the scope, lists and revokes it', async () => {
    const created = await t.call('POST', '/api/v1/api-keys', {
      body: { name: 'reader', scopes: ['agents:read'] },
    });
    expect(created.status).toBe(201);
    const key: string = created.body.key;
    expect(key).toMatch(/^fdk_[A-Za-z0-9]{8}_/);
    expect(key.startsWith(created.body.prefix)).toBe(true);

    expect((await t.call('GET', '/api/v1/agents', { key })).status).toBe(200);
    const denied = await t.call('GET', '/api/v1/account', { key });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('missing_scope');
    expect(denied.body.error.message).toContain('account:read');
    const denied2 = await t.call('POST', '/api/v1/agents', { key, body: { name: 'x' } });
    expect(denied2.status).toBe(403);
    expect(denied2.body.error.message).toContain('agents:write');

    const list = await t.call('GET', '/api/v1/api-keys');
    const listed = list.body.apiKeys.find((k: { id: string }) => k.id === created.body.id);
    expect(listed.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list.body)).not.toContain(key);

    const revoked = await t.call('DELETE', `/api/v1/api-keys/${created.body.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    expect((await t.call('GET', '/api/v1/agents', { key })).status).toBe(401);
  });

  it('does not let a key grant scopes it lacks', async () => {
    const limited = await t.call('POST', '/api/v1/api-keys', {
      body: { name: 'key-admin', scopes: ['api_keys:write'] },
    });
    const res = await t.call('POST', '/api/v1/api-keys', {
      key: limited.body.key,
      body: { name: 'escalate', scopes: ['api_keys:write', 'agents:write'] },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('scope_not_grantable');
  });

  it('rejects unknown scopes with 422 and the field path', async () => {
    const res = await t.call('POST', '/api/v1/api-keys', {
      body: { name: 'x', scopes: ['agents:read', 'root'] },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.details[0].path).toBe('scopes[1]');
  });

  it('stores only a hash of each key', async () => {
    const rows = await t.rt.ctx.db.selectFrom('api_keys').selectAll().execute();
    for (const r of rows) expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
    const all = JSON.stringify(rows);
    expect(all).not.toContain(t.adminKey);
  });

  it('ties keys to user roles: viewer reads, editor edits, and a demotion narrows keys at once', async () => {
    const viewer = (
      await t.call('POST', '/api/v1/users', { body: { email: 'vi@example.com', name: 'Vi', role: 'viewer' } })
    ).body;
    const beyond = await t.call('POST', '/api/v1/api-keys', {
      body: { name: 'vi', scopes: ['agents:write'], userId: viewer.id },
    });
    expect(beyond.status).toBe(403);
    expect(beyond.body.error.code).toBe('scope_beyond_role');

    const editor = (
      await t.call('POST', '/api/v1/users', { body: { email: 'ed@example.com', name: 'Ed', role: 'editor' } })
    ).body;
    const edKey = (
      await t.call('POST', '/api/v1/api-keys', {
        body: { name: 'ed', scopes: ['agents:read', 'agents:write'], userId: editor.id },
      })
    ).body.key;
    expect((await t.call('POST', '/api/v1/agents', { key: edKey, body: { name: 'By editor' } })).status).toBe(
      201,
    );
    const noKeys = await t.call('POST', '/api/v1/api-keys', {
      body: { name: 'x', scopes: ['api_keys:write'], userId: editor.id },
    });
    expect(noKeys.status).toBe(403);

    await t.call('PATCH', `/api/v1/users/${editor.id}`, { body: { role: 'viewer' } });
    const denied = await t.call('POST', '/api/v1/agents', { key: edKey, body: { name: 'After demotion' } });
    expect(denied.status).toBe(403);
    expect((await t.call('GET', '/api/v1/agents', { key: edKey })).status).toBe(200);

    await t.call('DELETE', `/api/v1/users/${editor.id}`);
    expect((await t.call('GET', '/api/v1/agents', { key: edKey })).status).toBe(401);
  });

  it('keeps at least one admin', async () => {
    const users = (await t.call('GET', '/api/v1/users')).body.users;
    const admin = users.find((u: { role: string }) => u.role === 'admin');
    const res = await t.call('PATCH', `/api/v1/users/${admin.id}`, { body: { role: 'editor' } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('last_admin');
  });
});
