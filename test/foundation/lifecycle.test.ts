import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';

const FIXED_KEY = 'fdk_Fixed123_abcdefghijklmnopqrstuvwxyzABCDEF0123';

describe.each(backends)('first start and restart on %s', (kind) => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const a of apps) await a.close();
  });

  it('writes the admin key (0600) and the secrets key, and keeps data across a restart', async () => {
    const t = await startTestApp(kind);
    apps.push(t);
    const dir = t.env['FRONTDESK_DATA_DIR']!;
    const keyFile = join(dir, 'admin-key');
    expect((await readFile(keyFile, 'utf8')).trim()).toBe(t.adminKey);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'secret.key'))).mode & 0o777).toBe(0o600);

    const created = await t.call('POST', '/api/v1/agents', { body: { name: 'Survivor' } });
    await t.restart();
    expect(t.rt.bootstrap.created).toBe(false);
    const got = await t.call('GET', `/api/v1/agents/${created.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body.name).toBe('Survivor');
    const agents = (await t.call('GET', '/api/v1/agents')).body.agents;
    expect(agents.filter((a: { name: string }) => a.name === 'Frontdesk Agent')).toHaveLength(1);
  });

  it('takes FRONTDESK_ADMIN_KEY as the admin key on first start', async () => {
    const t = await startTestApp(kind, { env: { FRONTDESK_ADMIN_KEY: FIXED_KEY } });
    apps.push(t);
    expect(t.adminKey).toBe(FIXED_KEY);
    expect((await t.call('GET', '/api/v1/account', { key: FIXED_KEY })).status).toBe(200);
  });
});

describe('logs', () => {
  it('never contain API keys or authorization headers', async () => {
    let logs = '';
    const sink = new Writable({
      write(chunk, _enc, cb) {
        logs += chunk.toString();
        cb();
      },
    });
    const t = await startTestApp('pglite', { logDestination: sink });
    try {
      await t.call('GET', '/api/v1/account');
      await t.call('GET', '/api/v1/account', { key: 'fdk_Wrong123_abcdefghijklmnopqrstuvwxyzABCDEF0123' });
      const created = await t.call('POST', '/api/v1/api-keys', {
        body: { name: 'k', scopes: ['agents:read'] },
      });
      await t.call('GET', '/api/v1/agents', { key: created.body.key });
      t.rt.ctx.log.info({ connection: { secret: 's3cr3t-value', token: 'tok-value' } }, 'redaction check');
      expect(logs).toContain('incoming request');
      expect(logs).toContain('redaction check');
      for (const secret of [
        t.adminKey,
        created.body.key,
        'fdk_Wrong123',
        's3cr3t-value',
        'tok-value',
        'Bearer',
      ]) {
        expect(logs).not.toContain(secret);
      }
    } finally {
      await t.close();
    }
  });
});
