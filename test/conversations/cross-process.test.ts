import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey } from '../../src/secrets/keyring.ts';
import { createTestDatabase, pgUrl, type TestDatabase } from '../support/databases.ts';
import { waitFor } from '../support/processes.ts';

const BIN = join(import.meta.dirname, '../../bin/frontdesk.js');

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/**
 * A2 and C4 across processes: two `frontdesk start` processes share one PostgreSQL
 * database; the same confirmed refund, answered "yes" on both at once, runs exactly once.
 */
describe.skipIf(!pgUrl)('one conversation served by two processes', () => {
  let db: TestDatabase;
  const procs: { child: ChildProcess; dir: string; url: string }[] = [];
  let key = '';

  beforeAll(async () => {
    db = await createTestDatabase('pg');
    const secret = generateKey();
    const ports = [await freePort(), await freePort()];
    // The first process seeds the demo (its actions call its own demo store); both may call it.
    for (const port of ports) {
      const dir = await mkdtemp(join(tmpdir(), 'frontdesk-xp-'));
      const child = spawn(process.execPath, [BIN, 'start'], {
        env: {
          ...process.env,
          PORT: String(port),
          DATABASE_URL: db.url,
          FRONTDESK_DATA_DIR: dir,
          FRONTDESK_SECRET_KEY: secret,
          FRONTDESK_DEMO: 'on',
          FRONTDESK_DEV_HOSTS: ports.map((p) => `127.0.0.1:${p}`).join(','),
          LOG_LEVEL: 'warn',
        },
        stdio: 'ignore',
      });
      const url = `http://127.0.0.1:${port}`;
      procs.push({ child, dir, url });
      await waitFor(
        async () => (await fetch(`${url}/readyz`).catch(() => null))?.ok === true,
        `${url} ready`,
        60_000,
      );
      if (!key) key = (await readFile(join(dir, 'admin-key'), 'utf8')).trim();
    }
  }, 120_000);
  afterAll(async () => {
    for (const p of procs) {
      if (p.child.exitCode === null) {
        const exited = new Promise((r) => p.child.once('exit', r));
        p.child.kill('SIGTERM');
        await exited;
      }
      await rm(p.dir, { recursive: true, force: true });
    }
    await db?.drop();
  });

  const call = async (url: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('runs a confirmed write once when "yes" reaches both processes together', async () => {
    const [a, b] = procs as [(typeof procs)[0], (typeof procs)[0]];
    const agents = (await call(a.url, 'GET', '/api/v1/agents')).body.agents;
    const demo = agents.find((x: { name: string }) => x.name === 'Demo Store Assistant');
    const conv = await call(a.url, 'POST', `/api/v1/agents/${demo.id}/conversations`, {
      contact: { email: 'jane@example.com', verified: ['email'] },
    });
    const id = conv.body.id;
    await call(a.url, 'POST', `/api/v1/conversations/${id}/messages`, {
      text: 'I want a refund for order 1234',
    });
    const asked = await call(b.url, 'POST', `/api/v1/conversations/${id}/messages`, {
      text: 'it arrived broken',
    });
    expect(asked.body.state).toBe('awaiting_confirmation');

    const [ya, yb] = await Promise.all([
      call(a.url, 'POST', `/api/v1/conversations/${id}/messages`, { text: 'yes' }),
      call(b.url, 'POST', `/api/v1/conversations/${id}/messages`, { text: 'yes' }),
    ]);
    expect([ya.status, yb.status]).toEqual([200, 200]);
    const runs = [ya.body, yb.body].filter((t) => t.trace.run);
    expect(runs).toHaveLength(1);
    expect(runs[0].trace.run.ok).toBe(true);

    const refunds = await fetch(`${a.url}/demo-store/api/refunds`).then((r) => r.json() as Promise<any>);
    expect(refunds.refunds).toHaveLength(1);
    const log = await call(b.url, 'GET', `/api/v1/integration-log?conversationId=${id}`);
    expect(
      log.body.entries.filter((e: { actionKey: string }) => e.actionKey === 'refund_order'),
    ).toHaveLength(1);
  }, 60_000);
});
