/**
 * Benchmark: inbound email ingest on one process — SMTP in (smtp-server), parse
 * (postal-mime), loop checks, quote stripping, threading, contact and conversation, the
 * message stored (accept), then 250 — on PGlite and, when a PostgreSQL server answers, on
 * PostgreSQL. Prints a JSON summary and rewrites bench/channels/EMAIL.md.
 *
 *   node bench/channels/email.ts [messagesPerBlock=400] [rounds=3] [backends=pglite,pg]
 *
 * Method: `startRuntime` with FRONTDESK_WORKERS=off (the process stores and acknowledges,
 * as a web-only process does; turns are not part of this figure), FRONTDESK_DEMO=off,
 * LOG_LEVEL=silent, the inbound listener on a loopback port, one email channel (limit per
 * sender raised to 1000 an hour). The clients run in a worker thread (email-load.ts): at
 * concurrency C, C senders, each on its own SMTP connection with one message in flight,
 * each sender one conversation. Warm-up block, then `rounds` blocks per concurrency;
 * figures are medians over rounds. Every block checks that all its messages were stored.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { loadConfig } from '../../src/config/config.ts';
import { startRuntime } from '../../src/server/runtime.ts';
import { observeQueries } from '../../src/store/database.ts';
import type { BlockRequest, BlockResult } from './email-load.ts';

const [perBlock = 400, rounds = 3] = process.argv.slice(2, 4).map(Number);
const wanted = (process.argv[4] ?? 'pglite,pg').split(',');
const PG_ADMIN_URL = process.env['BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CONCURRENCY = [1, 8, 32];
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
};
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};

async function pgDatabase(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const name = `frontdesk_bench_email_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  try {
    await admin.connect();
  } catch {
    return null;
  }
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

// Statements Kysely sends (not pg-boss's, not BEGIN/COMMIT, not pg_notify), for the per-message count.
let statements = 0;
observeQueries(() => {
  statements++;
});

interface Figure {
  backend: string;
  concurrency: number;
  messagesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  statementsPerMessage: number;
}

async function runBackend(backend: string, worker: Worker): Promise<Figure[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'frontdesk-bench-email-'));
  const database = backend === 'pg' ? await pgDatabase() : null;
  if (backend === 'pg' && !database) {
    console.error('no PostgreSQL server at BENCH_PG_URL: pg skipped');
    return [];
  }
  const rt = await startRuntime(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      FRONTDESK_DATA_DIR: dataDir,
      FRONTDESK_DEMO: 'off',
      FRONTDESK_WORKERS: 'off',
      FRONTDESK_SMTP_INBOUND_PORT: '0',
      LOG_LEVEL: 'silent',
      ...(database ? { DATABASE_URL: database.url } : {}),
    }),
  );
  const key = rt.bootstrap.adminKey!;
  const res = await fetch(`${rt.url}/api/v1/channels`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'email',
      name: 'Bench',
      config: { addresses: ['support@shop.example'], smtpUrl: 'smtp://127.0.0.1:9', maxRepliesPerHour: 1000 },
    }),
  });
  if (res.status !== 201) throw new Error(`channel: ${res.status} ${await res.text()}`);
  let run = 0;
  const block = async (
    concurrency: number,
    messages: number,
  ): Promise<BlockResult & { perMessage: number }> => {
    const before = await stored(rt);
    const statementsBefore = statements;
    const req: BlockRequest = {
      port: rt.smtpPort!,
      to: 'support@shop.example',
      concurrency,
      messages,
      prefix: `b${run++}`,
    };
    const result = await new Promise<BlockResult>((resolve) => {
      worker.once('message', resolve);
      worker.postMessage(req);
    });
    if (result.failures.length) throw new Error(`failures: ${result.failures.join(' | ')}`);
    const perMessage = (statements - statementsBefore) / messages;
    const after = await stored(rt);
    if (after - before !== messages) throw new Error(`stored ${after - before} of ${messages}`);
    return { ...result, perMessage };
  };
  await block(8, 100); // warm-up
  const figures: Figure[] = [];
  for (const c of CONCURRENCY) {
    const rates: number[] = [];
    const lat: number[][] = [];
    const stmts: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const b = await block(c, perBlock);
      rates.push(perBlock / (b.elapsedMs / 1000));
      lat.push(b.latencies);
      stmts.push(b.perMessage);
    }
    const f: Figure = {
      backend,
      concurrency: c,
      messagesPerSecond: Math.round(median(rates)),
      p50Ms: Number(median(lat.map((l) => pct(l, 0.5))).toFixed(1)),
      p99Ms: Number(median(lat.map((l) => pct(l, 0.99))).toFixed(1)),
      statementsPerMessage: Number(median(stmts).toFixed(2)),
    };
    console.error(JSON.stringify(f));
    figures.push(f);
  }
  await rt.close();
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
  return figures;
}

async function stored(rt: Awaited<ReturnType<typeof startRuntime>>): Promise<number> {
  const row = await rt.ctx.db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('role', '=', 'customer')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const worker = new Worker(new URL('./email-load.ts', import.meta.url));
const figures: Figure[] = [];
for (const backend of ['pglite', 'pg'].filter((b) => wanted.includes(b)))
  figures.push(...(await runBackend(backend, worker)));
worker.postMessage('close');

const load = os
  .loadavg()
  .map((l) => l.toFixed(1))
  .join(' / ');
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${load} at the end`;
const rows = figures.map(
  (f) =>
    `| ${f.backend} | ${f.concurrency} | **${f.messagesPerSecond}** | ${f.p50Ms} | ${f.p99Ms} | ${f.statementsPerMessage} |`,
);
await writeFile(
  new URL('./EMAIL.md', import.meta.url),
  `# Inbound email ingest (one process)

\`node bench/channels/email.ts ${perBlock} ${rounds}\` — ${new Date().toISOString().slice(0, 10)}, ${machine}.
SMTP in → parse → loop checks → quote stripping → threading → contact/conversation → stored → 250.
Turns not included (FRONTDESK_WORKERS=off). ${perBlock} messages per block, median of ${rounds} rounds.

| backend | concurrent senders | messages/s | p50 ms (MAIL…250) | p99 ms | statements/message |
|---|---|---|---|---|---|
${rows.join('\n')}
`,
);
console.log(JSON.stringify({ perBlock, rounds, machine, figures }, null, 2));
