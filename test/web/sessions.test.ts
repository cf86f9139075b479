import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';

const PASSWORD = 'correct horse battery';

/** A tiny cookie jar: what a browser would send back. */
async function signIn(t: TestApp, email: string, password: string) {
  const res = await fetch(`${t.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0] ?? '';
  return { status: res.status, body: (await res.json()) as any, setCookie, cookie };
}

describe.each(backends)('browser sessions on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    // The loopback address stands for a trusted TLS-terminating proxy (X-Forwarded-Proto).
    t = await startTestApp(kind, {
      env: { FRONTDESK_ADMIN_PASSWORD: PASSWORD, FRONTDESK_TRUST_PROXY: '127.0.0.1' },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('signs the first admin in with FRONTDESK_ADMIN_PASSWORD: HttpOnly SameSite cookie, role scopes, CSRF token', async () => {
    const s = await signIn(t, 'Admin@Localhost', PASSWORD);
    expect(s.status).toBe(200);
    expect(s.setCookie).toMatch(/^fd_session=[A-Za-z0-9]{43};/);
    expect(s.setCookie).toMatch(/HttpOnly/i);
    expect(s.setCookie).toMatch(/SameSite=Strict/i);
    expect(s.setCookie).not.toMatch(/Secure/i); // plain http on loopback
    expect(s.body.user).toMatchObject({ email: 'admin@localhost', role: 'admin' });
    expect(s.body.scopes).toContain('users:write');
    const me = await t.call('GET', '/api/v1/session', { key: null, headers: { cookie: s.cookie } });
    expect(me.body.csrfToken).toBe(s.body.csrfToken);
    const agents = await t.call('GET', '/api/v1/agents', { key: null, headers: { cookie: s.cookie } });
    expect(agents.status).toBe(200);
  });

  it('marks the cookie Secure behind a trusted https proxy', async () => {
    const res = await fetch(`${t.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ email: 'admin@localhost', password: PASSWORD }),
    });
    expect(res.headers.get('set-cookie')).toMatch(/Secure/);
  });

  it('refuses cookie writes without the CSRF token and accepts them with it', async () => {
    const s = await signIn(t, 'admin@localhost', PASSWORD);
    const body = { name: 'Second agent' };
    const bare = await t.call('POST', '/api/v1/agents', { key: null, body, headers: { cookie: s.cookie } });
    expect(bare.status).toBe(403);
    expect(bare.body.error.code).toBe('csrf_failed');
    const wrong = await t.call('POST', '/api/v1/agents', {
      key: null,
      body,
      headers: { cookie: s.cookie, 'x-csrf-token': 'x'.repeat(32) },
    });
    expect(wrong.status).toBe(403);
    const ok = await t.call('POST', '/api/v1/agents', {
      key: null,
      body,
      headers: { cookie: s.cookie, 'x-csrf-token': s.body.csrfToken },
    });
    expect(ok.status).toBe(201);
  });

  it('gives a viewer read scopes only: reads work, writes are 403 naming the scope', async () => {
    const user = await t.call('POST', '/api/v1/users', {
      body: { email: 'vera@example.com', name: 'Vera', role: 'viewer' },
    });
    expect(user.status).toBe(201);
    const weak = await t.call('PUT', `/api/v1/users/${user.body.id}/password`, {
      body: { password: 'short' },
    });
    expect(weak.status).toBe(422);
    expect(weak.body.error.details[0].path).toBe('password');
    const set = await t.call('PUT', `/api/v1/users/${user.body.id}/password`, {
      body: { password: 'viewer password 1' },
    });
    expect(set.status).toBe(204);
    const s = await signIn(t, 'vera@example.com', 'viewer password 1');
    expect(s.body.user.role).toBe('viewer');
    expect(s.body.scopes).not.toContain('actions:write');
    const headers = { cookie: s.cookie, 'x-csrf-token': s.body.csrfToken };
    expect((await t.call('GET', '/api/v1/agents', { key: null, headers })).status).toBe(200);
    const write = await t.call('POST', '/api/v1/agents', { key: null, headers, body: { name: 'Nope' } });
    expect(write.status).toBe(403);
    expect(write.body.error.code).toBe('missing_scope');
    expect((await t.call('GET', '/api/v1/users', { key: null, headers })).status).toBe(403);
  });

  it('lets a user change their own password: the old sessions end, this browser keeps a new one', async () => {
    const created = await t.call('POST', '/api/v1/users', {
      body: { email: 'eddie@example.com', name: 'Eddie', role: 'editor' },
    });
    await t.call('PUT', `/api/v1/users/${created.body.id}/password`, {
      body: { password: 'first password 1' },
    });
    const a = await signIn(t, 'eddie@example.com', 'first password 1');
    const b = await signIn(t, 'eddie@example.com', 'first password 1');
    const change = (body: unknown) =>
      fetch(`${t.url}/api/v1/session/password`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', cookie: a.cookie, 'x-csrf-token': a.body.csrfToken },
        body: JSON.stringify(body),
      });
    const wrong = await change({ currentPassword: 'not it', newPassword: 'second password 2' });
    expect(wrong.status).toBe(422);
    expect(((await wrong.json()) as any).error.details[0].path).toBe('currentPassword');
    const ok = await change({ currentPassword: 'first password 1', newPassword: 'second password 2' });
    expect(ok.status).toBe(200);
    const fresh = (ok.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect((await t.call('GET', '/api/v1/agents', { key: null, headers: { cookie: fresh } })).status).toBe(
      200,
    );
    expect((await t.call('GET', '/api/v1/agents', { key: null, headers: { cookie: b.cookie } })).status).toBe(
      401,
    );
    expect((await signIn(t, 'eddie@example.com', 'first password 1')).status).toBe(401);
    expect((await signIn(t, 'eddie@example.com', 'second password 2')).status).toBe(200);
  });

  it('serves the built web app at / with a strict content security policy and nothing from other origins', async () => {
    const res = await fetch(`${t.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    const html = await res.text();
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.some((r) => r.startsWith('/assets/') && r.endsWith('.js'))).toBe(true);
    for (const r of refs) expect(r).toMatch(/^(\/assets\/|data:)/);
    const js = refs.find((r) => r.endsWith('.js'))!;
    const asset = await fetch(`${t.url}${js}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('signs out: the cookie is cleared and the session stops working', async () => {
    const s = await signIn(t, 'admin@localhost', PASSWORD);
    const out = await t.call('DELETE', '/api/v1/session', {
      key: null,
      headers: { cookie: s.cookie, 'x-csrf-token': s.body.csrfToken },
    });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/fd_session=;/);
    const after = await t.call('GET', '/api/v1/agents', { key: null, headers: { cookie: s.cookie } });
    expect(after.status).toBe(401);
  });

  it('answers a wrong password or unknown email with the same 401, and rate-limits attempts', async () => {
    const wrong = await signIn(t, 'admin@localhost', 'not the password');
    const unknown = await signIn(t, 'nobody@example.com', 'not the password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
    // Ten tries per address and email in five minutes; the eleventh is refused.
    let last = 0;
    for (let i = 0; i < 11; i++) last = (await signIn(t, 'target@example.com', 'guess')).status;
    expect(last).toBe(429);
    // Another email from the same address is not locked out.
    expect((await signIn(t, 'admin@localhost', PASSWORD)).status).toBe(200);
  });

  it('keeps API keys working, and a key cannot stand in for a browser session', async () => {
    expect((await t.call('GET', '/api/v1/agents')).status).toBe(200);
    const res = await t.call('GET', '/api/v1/session');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('session_required');
  });

  it('rejects a bad sign-in body with field paths', async () => {
    const res = await t.call('POST', '/api/v1/session', { key: null, body: { email: 'a' } });
    expect(res.status).toBe(422);
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['email', 'password']));
  });
});
