/**
 * What one widget message costs the database (issue 11): every statement one Frontdesk
 * process sends to PostgreSQL (pg's Client.query, so the job queue, advisory locks and
 * notifications are counted too), per phase, for visitors one at a time on an idle server:
 * the hello, the first message (which starts the conversation) until its reply frame, and a
 * later message until its reply frame, plus a settle time afterwards for work that follows
 * the reply (outbox jobs). In-process, workers on, built-in engine, one FAQ entry.
 *
 *   npm run bench:livechat:statements -- [visitors=20]
 *
 * Prints the mean statements and milliseconds per phase, and the statements by kind. Each
 * phase's count includes the background of its settle window: `idle` is that background alone.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import WebSocket from 'ws';
import { loadConfig } from '../../src/config/config.ts';
import { startRuntime } from '../../src/server/runtime.ts';

const VISITORS = Math.max(1, Number(process.argv[2]) || 20);
const ADMIN_URL = process.env['BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ORIGIN = 'http://bench.localhost';
const QUESTION = 'What are your opening hours?';
/** After a reply: time for the work that follows it (an outbox job) to be counted with it. */
const SETTLE_MS = 1500;

/**
 * The background that runs whether or not anyone writes: the job queue's fetch polls (each
 * queue each second) and the conversation sweeper's and auto-close's scans. Left out of the
 * counts (the `idle` phase shows what background remains).
 */
const BACKGROUND = [
  /^WITH next as \( SELECT id FROM pgboss\.job/i,
  /^select distinct on \(conversation_id\)/i,
  /^select "id", "account_id" from "conversations" where "status/i,
];
let counting = false;
const byKind = new Map<string, number>();
let total = 0;
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  if (counting) {
    const first = args[0];
    const text = typeof first === 'string' ? first : ((first as { text?: string })?.text ?? '');
    const kind = text.trim().replace(/\s+/g, ' ').slice(0, 60);
    if (BACKGROUND.some((re) => re.test(kind))) return original.apply(this, args as never);
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    total++;
  }
  return (original as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

const dbName = `frontdesk_bench_lcs_${process.pid}`;
const admin = new pg.Client({ connectionString: ADMIN_URL });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const dataDir = await mkdtemp(join(tmpdir(), 'frontdesk-bench-lcs-'));
const url = new URL(ADMIN_URL);
url.pathname = `/${dbName}`;
const rt = await startRuntime(
  loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    FRONTDESK_DATA_DIR: dataDir,
    DATABASE_URL: url.toString(),
    LOG_LEVEL: 'silent',
    FRONTDESK_DEMO: 'off',
    FRONTDESK_WORKERS: 'on',
  }),
);
try {
  const key = rt.bootstrap.adminKey!;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${rt.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await res.json()) as any;
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const agentId = (await call('GET', '/api/v1/agents')).agents[0].id;
  await call('POST', `/api/v1/agents/${agentId}/knowledge/faqs`, {
    question: QUESTION,
    answer: 'We are open Monday to Friday, 9:00 to 17:00.',
  });
  const channel = await call('POST', '/api/v1/channels', {
    type: 'livechat',
    name: 'Bench chat',
    config: { allowedOrigins: [ORIGIN] },
  });
  await call('POST', '/api/v1/deployments', { agentId, channelId: channel.id });

  const phases = {
    idle: [] as number[][],
    hello: [] as number[][],
    first: [] as number[][],
    later: [] as number[][],
  };
  const measure = async (into: number[][], fn: () => Promise<void>) => {
    const before = total;
    const t0 = performance.now();
    counting = true;
    await fn();
    const ms = performance.now() - t0;
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    counting = false;
    into.push([total - before, ms]);
  };
  for (let v = 0; v < VISITORS + 2; v++) {
    // The first two visitors warm the caches and are not counted.
    const record = v >= 2;
    const ws = new WebSocket(`${rt.url.replace('http', 'ws')}/widget/ws?channel=${channel.publicId}`, {
      origin: ORIGIN,
    });
    let waiting: ((f: any) => void) | null = null;
    let want = '';
    ws.on('message', (data) => {
      const f = JSON.parse(String(data));
      const kind = f.type === 'message' ? `message:${f.message.from}` : f.type;
      if (kind === want && waiting) {
        const w = waiting;
        waiting = null;
        w(f);
      }
    });
    const next = (kind: string) =>
      new Promise<void>((resolve) => {
        want = kind;
        waiting = () => resolve();
      });
    await new Promise((r) => ws.once('open', r));
    const run = async (phase: number[][], send: object, until: string) => {
      const got = next(until);
      const go = async () => {
        ws.send(JSON.stringify(send));
        await got;
      };
      if (record) await measure(phase, go);
      else await go();
    };
    // Nothing sent: the background (job queue polling, the sweeper) in one settle window.
    if (record) await measure(phases.idle, async () => {});
    await run(phases.hello, { type: 'hello', pageUrl: `${ORIGIN}/p/${v}` }, 'ready');
    await run(
      phases.first,
      { type: 'message', clientMessageId: `s-${v}-1`, text: QUESTION },
      'message:agent',
    );
    await run(
      phases.later,
      { type: 'message', clientMessageId: `s-${v}-2`, text: QUESTION },
      'message:agent',
    );
    ws.close(1000);
  }
  const mean = (rows: number[][], i: number) => rows.reduce((s, r) => s + r[i]!, 0) / rows.length;
  const out = Object.fromEntries(
    Object.entries(phases).map(([k, rows]) => [
      k,
      { statements: +mean(rows, 0).toFixed(1), ms: +mean(rows, 1).toFixed(1) },
    ]),
  );
  console.log(JSON.stringify({ visitors: VISITORS, ...out }));
  const kinds = [...byKind.entries()].sort((a, b) => b[1] - a[1]);
  for (const [kind, n] of kinds) console.log(`${(n / VISITORS).toFixed(2).padStart(6)}  ${kind}`);
} finally {
  await rt.close();
  await rm(dataDir, { recursive: true, force: true });
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
  await admin.end();
}
