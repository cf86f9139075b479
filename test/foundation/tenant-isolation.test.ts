import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountWithAdmin } from '../../src/access/bootstrap.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { type IsolationFixture, isolationFixtures } from '../support/isolation-fixtures.ts';

/** A stream route (Server-Sent Events): read until its first event, then closed (the inbox suite tests what it carries). */
async function firstEvents(t: TestApp, path: string, key: string) {
  const abort = new AbortController();
  const res = await fetch(`${t.url}${path}`, {
    headers: { authorization: `Bearer ${key}` },
    signal: abort.signal,
  });
  let body = '';
  if (res.ok && res.body) {
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    while (!body.includes('event: ready')) {
      const { value, done } = await reader.read();
      if (done) break;
      body += value;
    }
  } else body = await res.text();
  abort.abort();
  return { status: res.status, body };
}

/**
 * Every route in the OpenAPI document is called with a second account's key against the
 * first account's resources: nothing of the first account may be read or changed. A new
 * route without a fixture fails this test, so coverage grows with the API.
 */
describe.each(backends)('tenant isolation on %s', (kind) => {
  let t: TestApp;
  let otherKey: string;
  let fixture: IsolationFixture;

  beforeAll(async () => {
    t = await startTestApp(kind);
    fixture = await isolationFixtures(t);
    const other = await createAccountWithAdmin(t.rt.ctx.db, { name: 'Other tenant' });
    otherKey = other.adminKey;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('keeps every route scoped to the caller account', async () => {
    const doc = (await t.call('GET', '/api/v1/openapi.json')).body;
    const before = await fixture.snapshot();
    const missing: string[] = [];
    const leaks: string[] = [];
    for (const [path, ops] of Object.entries<Record<string, unknown>>(doc.paths)) {
      for (const method of Object.keys(ops)) {
        const id = `${method.toUpperCase()} ${path}`;
        const route = fixture.routes[id];
        if (!route) {
          missing.push(id);
          continue;
        }
        const url = path.replace(/\{(\w+)\}/g, (_m, name: string) => {
          const v = fixture.params[name];
          if (!v) throw new Error(`no fixture value for path parameter ${name}`);
          return encodeURIComponent(v);
        });
        const res = route.stream
          ? await firstEvents(t, url, otherKey)
          : await t.call(method.toUpperCase(), url, { key: otherKey, body: route.body });
        const text = JSON.stringify(res.body ?? '');
        const leaked = fixture.ownIds.filter((own) => text.includes(own));
        if (leaked.length) leaks.push(`${id} → ${res.status} revealed ${leaked.join(', ')}`);
        if (path.includes('{') && res.status < 300 && !route.ownCollection) {
          leaks.push(`${id} → ${res.status} on another account's resource`);
        }
      }
    }
    expect(missing, 'routes without an isolation fixture').toEqual([]);
    expect(leaks).toEqual([]);
    expect(await fixture.snapshot()).toEqual(before);
  });
});
