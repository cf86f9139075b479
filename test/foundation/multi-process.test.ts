import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobQueue } from '../../src/jobs/queue.ts';
import { generateKey } from '../../src/secrets/keyring.ts';
import { PRUNE_LOG_JOB } from '../../src/server/maintenance.ts';
import { openDatabase } from '../../src/store/database.ts';
import { createTestDatabase, pgUrl, type TestDatabase } from '../support/databases.ts';
import { silentLogger, waitFor } from '../support/processes.ts';

const BIN = join(import.meta.dirname, '../../bin/frontdesk.js');
const ADMIN_KEY = 'fdk_Multi123_abcdefghijklmnopqrstuvwxyzABCDEF0123';

interface Server {
  child: ChildProcess;
  url: string;
  out: string[];
  dir: string;
}

/** `frontdesk start` as a user runs it, on a shared PostgreSQL database. */
async function startServer(databaseUrl: string, secretKey: string): Promise<Server> {
  const dir = await mkdtemp(join(tmpdir(), 'frontdesk-proc-'));
  const child = spawn(process.execPath, [BIN, 'start'], {
    env: {
      ...process.env,
      PORT: '0',
      DATABASE_URL: databaseUrl,
      FRONTDESK_DATA_DIR: dir,
      FRONTDESK_SECRET_KEY: secretKey,
      FRONTDESK_ADMIN_KEY: ADMIN_KEY,
      FRONTDESK_DEMO: 'off',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  let errors = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    errors += chunk;
  });
  let buffer = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    out.push(...lines);
  });
  let url = '';
  await waitFor(
    () => {
      const line = out.find((l) => /^\s+API\s+http/.test(l));
      if (line)
        url = line
          .trim()
          .split(/\s+/)[1]!
          .replace(/\/api\/v1$/, '');
      return url !== '';
    },
    `the server to print its URLs (stderr: ${errors})`,
    60_000,
  ).catch((err) => {
    throw new Error(`${(err as Error).message}\nstderr: ${errors}\nstdout: ${out.join('\n')}`);
  });
  return { child, url, out, dir };
}

async function stopServer(s: Server): Promise<void> {
  if (s.child.exitCode === null) {
    const exited = new Promise((r) => s.child.once('exit', r));
    s.child.kill('SIGTERM');
    await exited;
  }
  await rm(s.dir, { recursive: true, force: true });
}

const get = async (url: string, key?: string) => {
  const res = await fetch(url, key ? { headers: { authorization: `Bearer ${key}` } } : {});
  return { status: res.status, body: (await res.json()) as any };
};

describe.skipIf(!pgUrl)('two processes on one PostgreSQL database', () => {
  let db: TestDatabase;
  const servers: Server[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('pg');
    const secret = generateKey();
    // Started together, as behind a load balancer: one first start between them.
    servers.push(...(await Promise.all([startServer(db.url!, secret), startServer(db.url!, secret)])));
  }, 120_000);
  afterAll(async () => {
    for (const s of servers) await stopServer(s);
    await db?.drop();
  });

  it('both serve, sharing one account and its data', async () => {
    const [a, b] = servers as [Server, Server];
    for (const s of servers) {
      expect((await get(`${s.url}/healthz`)).status).toBe(200);
      expect((await get(`${s.url}/readyz`)).body).toMatchObject({ status: 'ready', database: 'pg' });
    }
    const accA = await get(`${a.url}/api/v1/account`, ADMIN_KEY);
    const accB = await get(`${b.url}/api/v1/account`, ADMIN_KEY);
    expect(accA.status).toBe(200);
    expect(accB.body.account.id).toBe(accA.body.account.id);
    expect(
      (await get(`${b.url}/api/v1/account`, 'fdk_Wrong123_abcdefghijklmnopqrstuvwxyzABCDEF0123')).status,
    ).toBe(401);

    const created = await fetch(`${a.url}/api/v1/agents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Made on A' }),
    }).then((r) => r.json() as Promise<any>);
    const seen = await get(`${b.url}/api/v1/agents/${created.id}`, ADMIN_KEY);
    expect(seen.body.name).toBe('Made on A');
    const agents = (await get(`${b.url}/api/v1/agents`, ADMIN_KEY)).body.agents;
    expect(agents.filter((x: { name: string }) => x.name === 'Frontdesk Agent')).toHaveLength(1);
  });

  it('runs each enqueued job exactly once across the two processes', async () => {
    const database = await openDatabase({ url: db.url });
    const queue = createJobQueue(database, { logger: silentLogger });
    await queue.start();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await queue.send(PRUNE_LOG_JOB, { n: i }))!);
    await queue.stop();
    await database.close();

    const ran = () =>
      servers.flatMap((s, i) =>
        s.out
          .filter((l) => l.includes('maintenance job ran'))
          .map((l) => ({ process: i, job: JSON.parse(l).job as string }))
          .filter((r) => ids.includes(r.job)),
      );
    await waitFor(() => ran().length >= ids.length, 'every job to run', 60_000);
    // Let any duplicate show up before counting.
    await new Promise((r) => setTimeout(r, 2500));
    const runs = ran();
    expect(runs).toHaveLength(ids.length);
    expect(new Set(runs.map((r) => r.job)).size).toBe(ids.length);
  }, 120_000);
});
