/**
 * Benchmark: the inbox (E8) on a large account, through the real server over HTTP, on PGlite
 * and PostgreSQL. Prints a JSON summary (paste the table into BENCHMARKS.md).
 *
 *   npm run bench:inbox -- [conversations=20000] [requests=200] [backends=pglite,pg]
 *
 * Method:
 * - `startRuntime` (FRONTDESK_DEMO=off, FRONTDESK_AUTO_CLOSE_MINUTES=0, LOG_LEVEL=silent, loopback). N conversations of the
 *   first agent are written with one INSERT … SELECT generate_series each for contacts,
 *   conversations (owners: 40 % agent, 30 % unassigned, 20 % a user, 10 % closed; activity
 *   spread over 30 days) and 4 messages per conversation, plus a handoff per handed-off one.
 * - Figures (milliseconds, client side, one request at a time, after 20 warm-up requests):
 *   the first page (25) of `waiting`; the 20th page of `waiting` (by cursor); `mine`;
 *   `waiting` filtered by channel; one transcript of 40 messages and 5 notes; and the live
 *   stream's delivery: a note posted → its `note.added` event read from the SSE stream of the
 *   same process. Median and p95 of the given number of requests.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../../src/config/config.ts';
import { startRuntime } from '../../src/server/runtime.ts';

const [nArg, rArg, bArg] = process.argv.slice(2);
const N = Number(nArg ?? 20_000);
const REQUESTS = Number(rArg ?? 200);
const BACKENDS = (bArg ?? 'pglite,pg').split(',');
const PG_ADMIN_URL = process.env['BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const stats = (xs: number[]) => ({ p50: +quantile(xs, 0.5).toFixed(2), p95: +quantile(xs, 0.95).toFixed(2) });

async function withDatabase(kind: string, fn: (env: Record<string, string>) => Promise<void>) {
  const dir = await mkdtemp(join(tmpdir(), 'frontdesk-bench-inbox-'));
  const env: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    FRONTDESK_DATA_DIR: dir,
    FRONTDESK_DEMO: 'off',
    LOG_LEVEL: 'silent',
    FRONTDESK_RATE_LIMIT: '1000000',
    // The seeded activity spans 30 days: auto-close would close most of it during the run.
    FRONTDESK_AUTO_CLOSE_MINUTES: '0',
  };
  let drop = async () => {};
  if (kind === 'pg') {
    const name = `frontdesk_bench_inbox_${process.pid}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${name}`;
    env['DATABASE_URL'] = url.toString();
    drop = async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  try {
    await fn(env);
  } finally {
    await drop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function run(kind: string) {
  let result: Record<string, unknown> = {};
  await withDatabase(kind, async (env) => {
    const rt = await startRuntime(loadConfig(env));
    const key = rt.bootstrap.adminKey!;
    const { db } = rt.ctx;
    try {
      const account = rt.bootstrap.accountId;
      const agent = await db
        .selectFrom('agents')
        .select('id')
        .where('account_id', '=', account)
        .executeTakeFirstOrThrow();
      const user = await db
        .selectFrom('users')
        .select('id')
        .where('account_id', '=', account)
        .executeTakeFirstOrThrow();
      const seeded = performance.now();
      await sql`insert into contacts (id, account_id, name, email)
        select 'ctb_' || g, ${account}, 'Customer ' || g, 'c' || g || '@example.com' from generate_series(1, ${N}) g`.execute(
        db,
      );
      await sql`insert into conversations (id, account_id, agent_id, contact_id, channel, memory, verified_identities,
          status, owner_type, owner_id, next_seq, last_activity_at, closed_at)
        select 'cnb_' || lpad(g::text, 8, '0'), ${account}, ${agent.id}, 'ctb_' || g,
          case when g % 3 = 0 then 'custom' else 'api' end, '{}'::jsonb, '[]'::jsonb,
          case when g % 10 = 9 then 'closed' else 'open' end,
          case when g % 10 < 4 then 'agent' when g % 10 < 7 then 'unassigned' when g % 10 < 9 then 'user' else 'agent' end,
          case when g % 10 in (7, 8) then ${user.id} else null end,
          5, now() - (g % 43200) * interval '1 minute',
          case when g % 10 = 9 then now() else null end
        from generate_series(1, ${N}) g`.execute(db);
      await sql`insert into messages (id, account_id, conversation_id, seq, role, text, delivery)
        select 'msb_' || g || '_' || s, ${account}, 'cnb_' || lpad(g::text, 8, '0'), s,
          case when s % 2 = 1 then 'customer' else 'agent' end,
          'Message ' || s || ' of conversation ' || g || ': I would like to know where my order is, please.',
          case when s % 2 = 0 then 'sent' else null end
        from generate_series(1, ${N}) g, generate_series(1, 4) s`.execute(db);
      await sql`insert into handoffs (id, account_id, conversation_id, reason, summary)
        select 'hnb_' || g, ${account}, 'cnb_' || lpad(g::text, 8, '0'), 'customer_request', 'Reason: asked for a person.'
        from generate_series(1, ${N}) g where g % 10 between 4 and 8`.execute(db);
      await sql`analyze`.execute(db);
      const seedSeconds = (performance.now() - seeded) / 1000;

      const get = async (path: string) => {
        const res = await fetch(`${rt.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
        if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
        return res.json() as Promise<any>;
      };
      const time = async (path: () => Promise<string> | string) => {
        for (let i = 0; i < 20; i++) await get(await path());
        const xs: number[] = [];
        for (let i = 0; i < REQUESTS; i++) {
          const p = await path();
          const t0 = performance.now();
          await get(p);
          xs.push(performance.now() - t0);
        }
        return stats(xs);
      };
      // The cursor of the 19th page, found once.
      let cursor: string | null = null;
      for (let i = 0; i < 19; i++) {
        const page: any = await get(
          `/api/v1/inbox/conversations?view=waiting${cursor ? `&cursor=${cursor}` : ''}`,
        );
        cursor = page.nextCursor;
      }
      const open = 'cnb_00000005';
      await sql`insert into messages (id, account_id, conversation_id, seq, role, text)
        select 'msx_' || s, ${account}, ${open}, 4 + s, 'customer', 'More ' || s from generate_series(1, 36) s`.execute(
        db,
      );
      for (let i = 0; i < 5; i++) {
        await fetch(`${rt.url}/api/v1/inbox/conversations/${open}/notes`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ text: `note ${i}` }),
        });
      }
      const figures = {
        waitingFirstPage: await time(() => '/api/v1/inbox/conversations?view=waiting'),
        waitingPage20: await time(() => `/api/v1/inbox/conversations?view=waiting&cursor=${cursor}`),
        mine: await time(() => `/api/v1/inbox/conversations?view=mine&userId=${user.id}`),
        waitingByChannel: await time(() => '/api/v1/inbox/conversations?view=waiting&channel=custom'),
        transcript: await time(() => `/api/v1/inbox/conversations/${open}`),
        streamDelivery: await streamLatency(rt.url, key, open),
      };
      result = { backend: kind, conversations: N, seedSeconds: +seedSeconds.toFixed(1), figures };
    } finally {
      await rt.close();
    }
  });
  return result;
}

/** A note posted over HTTP → its `note.added` read from an open SSE stream of the same server. */
async function streamLatency(base: string, key: string, conversationId: string) {
  const abort = new AbortController();
  const res = await fetch(`${base}/api/v1/inbox/events`, {
    headers: { authorization: `Bearer ${key}` },
    signal: abort.signal,
  });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  const until = async (pred: (s: string) => boolean) => {
    while (!pred(buf)) {
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buf += value;
    }
  };
  await until((s) => s.includes('event: ready'));
  const xs: number[] = [];
  for (let i = 0; i < Math.min(REQUESTS, 100); i++) {
    buf = '';
    const t0 = performance.now();
    const note = (await (
      await fetch(`${base}/api/v1/inbox/conversations/${conversationId}/notes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text: `bench ${i}` }),
      })
    ).json()) as { id: string };
    await until((s) => s.includes(note.id));
    xs.push(performance.now() - t0);
  }
  abort.abort();
  return stats(xs);
}

const started = performance.now();
const loadBefore = os.loadavg();
const results = [];
for (const b of BACKENDS) results.push(await run(b));
console.log(
  JSON.stringify(
    {
      machine: {
        cpu: os.cpus()[0]?.model,
        cores: os.cpus().length,
        node: process.version,
        os: `${os.type()} ${os.release()}`,
        loadavgBefore: loadBefore.map((n) => +n.toFixed(2)),
        loadavgAfter: os.loadavg().map((n) => +n.toFixed(2)),
      },
      date: new Date().toISOString(),
      elapsedSeconds: +((performance.now() - started) / 1000).toFixed(1),
      requests: REQUESTS,
      results,
    },
    null,
    2,
  ),
);
process.exit(0);
