/**
 * Benchmark: durable inbound ingest (issue 11). Messages per second through the real custom
 * channel route (`POST /webhooks/custom/:channelId`, the channel key as bearer token: the
 * message is stored, then acknowledged 202; processing is a job) against a bare Fastify
 * route on the same database handle doing the one statement storing needs, on PGlite and on
 * PostgreSQL, at concurrency 1, 16 and 64, in one run. Prints a JSON summary and rewrites
 * bench/ingest/RESULTS.md.
 *
 *   npm run bench:ingest -- [messagesPerBlock=300] [rounds=3] [backends=pglite,pg] [modes=store,workers]
 *
 * Two modes, each a fresh server process-in-process (`startRuntime`, FRONTDESK_DEMO=off,
 * LOG_LEVEL=silent, loopback):
 * - `store` (the headline): FRONTDESK_WORKERS=off in the measured process, so a request is
 *   exactly what the route costs: authenticate, find the conversation, store, acknowledge.
 *   Processing would be done by worker processes elsewhere.
 * - `workers`: FRONTDESK_WORKERS=on; the same process also runs each message's turn (an FAQ
 *   answer) and delivers the reply to a loopback webhook receiver. Acknowledgements per second
 *   are measured as in `store`; after each block the run waits until every message of the
 *   block is processed and reports that rate too (`processed/s`, block start to last done).
 * The bare route (bare.ts) runs in the same process on the same database handle; clients run
 * in a worker thread (load.ts), one customer (one conversation) per virtual user, one message
 * in flight per user, a unique message id per message. Warm-up, then per concurrency R rounds
 * of one block per path, the order flipping each round; figures are medians over rounds, the
 * ratio the median of per-round ratios. Statements: what Kysely sends (observeQueries) +
 * PGlite's BEGIN/COMMIT + bus pg_notify calls (pg-boss's own statements not counted).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { loadConfig } from '../../src/config/config.ts';
import { startRuntime } from '../../src/server/runtime.ts';
import { observeQueries } from '../../src/store/database.ts';
import { startWebhookReceiver } from '../../test/support/webhook-receiver.ts';
import { startBareServer } from './bare.ts';
import type { BlockRequest, BlockResult } from './load.ts';

const PATHS = ['frontdesk', 'bare'] as const;
type PathName = (typeof PATHS)[number];
const BACKENDS = ['pglite', 'pg'] as const;
type Backend = (typeof BACKENDS)[number];
const MODES = ['store', 'workers'] as const;
type Mode = (typeof MODES)[number];
const CONCURRENCY = [1, 16, 64] as const;
const AIM = 0.7;

const PG_ADMIN_URL = process.env['BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const QUESTION = 'What are your opening hours?';
const ANSWER = 'We are open Monday to Friday, 9:00 to 17:00.';

interface BlockStats {
  rps: number;
  p50: number;
  p99: number;
  statementsPerMessage: number;
  cpuMsPerMessage: number;
  /** workers mode, Frontdesk: messages per second from block start until all were processed. */
  processedRps?: number;
}

interface Cell {
  backend: Backend;
  mode: Mode;
  concurrency: number;
  figures: Record<PathName, BlockStats>;
  ratio: { median: number; q1: number; q3: number };
}

interface Profile {
  backend: Backend;
  messages: number;
  top: { sql: string; perMessage: number; avgMs: number }[];
}

const counter = { statements: 0 };
let profile: Map<string, { count: number; ms: number }> | null = null;
const record = (key: string, n: number, ms = 0) => {
  counter.statements += n;
  if (profile) {
    const p = profile.get(key) ?? { count: 0, ms: 0 };
    p.count += n;
    p.ms += ms;
    profile.set(key, p);
  }
};
observeQueries((text, ms) => record(normalise(text), 1, ms));
const transaction = PGlite.prototype.transaction;
PGlite.prototype.transaction = function (this: PGlite, ...args: Parameters<typeof transaction>) {
  record('begin (pglite)', 1);
  return transaction.apply(this, args).finally(() => record('commit (pglite)', 1));
} as typeof transaction;

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\$\d+/g, '$').trim().slice(0, 140);
}

async function main(): Promise<void> {
  const messages = Math.max(20, Number(process.argv[2]) || 300);
  const rounds = Math.max(1, Number(process.argv[3]) || 3);
  const backends = (process.argv[4]?.split(',') ?? [...BACKENDS]) as Backend[];
  const modes = (process.argv[5]?.split(',') ?? [...MODES]) as Mode[];
  const started = Date.now();
  const loadBefore = os.loadavg();
  const worker = new Worker(new URL('./load.ts', import.meta.url));
  let blockId = 0;
  const pending = new Map<number, (r: BlockResult) => void>();
  worker.on('message', (r: BlockResult) => pending.get(r.id)?.(r));
  const send = (b: Omit<BlockRequest, 'id'>) =>
    new Promise<BlockResult>((resolve) => {
      const id = ++blockId;
      pending.set(id, resolve);
      worker.postMessage({ ...b, id });
    });

  const cells: Cell[] = [];
  const profiles: Profile[] = [];
  for (const backend of backends) {
    for (const mode of modes) {
      const r = await runSetting(backend, mode, messages, rounds, send);
      cells.push(...r.cells);
      if (r.profile) profiles.push(r.profile);
    }
  }
  worker.postMessage('close');
  const cpus = os.cpus();
  const summary = {
    machine: {
      cpu: cpus[0]?.model ?? 'unknown CPU',
      cores: cpus.length,
      node: process.version,
      os: `${os.platform()} ${os.release()}`,
      loadavgBefore: loadBefore.map(round2),
      loadavgAfter: os.loadavg().map(round2),
    },
    date: new Date().toISOString(),
    elapsedSeconds: round2((Date.now() - started) / 1000),
    method: { messagesPerBlock: messages, rounds, concurrency: CONCURRENCY },
    aim: { throughputRatioAtLeast: AIM, headline: 'store' },
    aimMet: cells.filter((c) => c.mode === 'store').every((c) => c.ratio.median >= AIM),
    cells,
    profiles,
  };
  console.log(JSON.stringify(summary, null, 2));
  await writeResults(summary);
  process.exit(0);
}

async function runSetting(
  backend: Backend,
  mode: Mode,
  messages: number,
  rounds: number,
  send: (b: Omit<BlockRequest, 'id'>) => Promise<BlockResult>,
): Promise<{ cells: Cell[]; profile: Profile | null }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'frontdesk-bench-ingest-'));
  const hook = await startWebhookReceiver();
  let dbName: string | null = null;
  const env: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    FRONTDESK_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    FRONTDESK_DEMO: 'off',
    FRONTDESK_WORKERS: mode === 'store' ? 'off' : 'on',
    FRONTDESK_DEV_HOSTS: hook.host,
    FRONTDESK_RATE_LIMIT: '1000000',
  };
  if (backend === 'pg') {
    dbName = `bench_ingest_${process.pid}_${Date.now()}`;
    await adminQuery(`CREATE DATABASE ${dbName}`);
    env['DATABASE_URL'] = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
  }
  const rt = await startRuntime(loadConfig(env));
  const publish = rt.ctx.events.publish.bind(rt.ctx.events);
  rt.ctx.events.publish = async (channel, payload) => {
    const t = performance.now();
    try {
      return await publish(channel, payload);
    } finally {
      record('select pg_notify($, $) (event bus)', 1, performance.now() - t);
    }
  };
  const bare = await startBareServer(rt.ctx.db);
  try {
    const key = rt.bootstrap.adminKey!;
    const api = async (path: string, body: unknown) => {
      const res = await fetch(`${rt.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as any;
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const agent = await api('/api/v1/agents', { name: 'Bench agent' });
    await api(`/api/v1/agents/${agent.id}/knowledge/faqs`, { question: QUESTION, answer: ANSWER });
    const channel = await api('/api/v1/channels', {
      type: 'custom',
      name: 'Bench shop',
      config: { webhookUrl: hook.url },
    });
    await api('/api/v1/deployments', { agentId: agent.id, channelId: channel.id });
    const max = Math.max(...CONCURRENCY);
    const users: Record<PathName, string[]> = { frontdesk: [], bare: [] };
    for (let i = 0; i < max; i++) {
      users.frontdesk.push(`customer-${i}`);
      users.bare.push((await api(`/api/v1/agents/${agent.id}/conversations`, {})).id);
    }
    const urls: Record<PathName, string> = {
      frontdesk: `${rt.url}/webhooks/custom/${channel.id}`,
      bare: `${bare.url}/bare/conversations/{user}/messages`,
    };
    const unprocessed = async () =>
      Number(
        (
          await rt.ctx.db
            .selectFrom('messages')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('role', '=', 'customer')
            .where('processed_at', 'is', null)
            .where('channel_message_id', 'is not', null)
            .where('conversation_id', 'not in', users.bare)
            .executeTakeFirstOrThrow()
        ).n,
      );
    let prefix = 0;
    const block = async (path: PathName, concurrency: number, count: number): Promise<BlockStats> => {
      const before = counter.statements;
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      const r = await send({
        url: urls[path],
        ...(path === 'frontdesk' ? { authorization: `Bearer ${channel.secrets.channelKey}` } : {}),
        users: users[path],
        concurrency,
        messages: count,
        text: QUESTION,
        prefix: `${backend}-${mode}-${path}-${++prefix}`,
      });
      if (r.failures.length) throw new Error(`${path} failed: ${r.failures.join(' | ')}`);
      const used = process.cpuUsage(cpu);
      const statements = counter.statements - before;
      let processedRps: number | undefined;
      if (mode === 'workers' && path === 'frontdesk') {
        // Let the turns of this block finish before the next block, so blocks do not bleed.
        const deadline = Date.now() + 600_000;
        while ((await unprocessed()) > 0) {
          if (Date.now() > deadline) throw new Error('messages left unprocessed for 10 minutes');
          await new Promise((r) => setTimeout(r, 20));
        }
        processedRps = round2((count / (performance.now() - t0)) * 1000);
      }
      const sorted = r.latencies.slice().sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
      return {
        rps: (count / r.elapsedMs) * 1000,
        p50: at(0.5),
        p99: at(0.99),
        statementsPerMessage: statements / count,
        cpuMsPerMessage: (used.user + used.system) / 1000 / count,
        ...(processedRps !== undefined ? { processedRps } : {}),
      };
    };

    // Warm-up: each customer's first message opens their conversation; then JIT and caches.
    for (const path of PATHS) await block(path, max, max * 2);
    for (const path of PATHS) await block(path, 1, 20);

    // The statements of one stored message (store mode: nothing else runs).
    let prof: Profile | null = null;
    if (mode === 'store') {
      profile = new Map();
      const profiled = 50;
      await block('frontdesk', 1, profiled);
      prof = {
        backend,
        messages: profiled,
        top: [...profile.entries()]
          .sort((a, b) => b[1].count - a[1].count || b[1].ms - a[1].ms)
          .map(([sql, p]) => ({
            sql,
            perMessage: round2(p.count / profiled),
            avgMs: round2(p.ms / p.count),
          })),
      };
      profile = null;
    }

    const cells: Cell[] = [];
    for (const concurrency of CONCURRENCY) {
      const results: Record<PathName, BlockStats[]> = { frontdesk: [], bare: [] };
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? PATHS : [...PATHS].reverse();
        const count = Math.max(messages, 5 * concurrency);
        for (const path of order) results[path].push(await block(path, concurrency, count));
      }
      const figures = {} as Record<PathName, BlockStats>;
      for (const path of PATHS) {
        const list = results[path];
        const med = (pick: (s: BlockStats) => number) => round2(median(list.map(pick)));
        figures[path] = {
          rps: med((s) => s.rps),
          p50: med((s) => s.p50),
          p99: med((s) => s.p99),
          statementsPerMessage: med((s) => s.statementsPerMessage),
          cpuMsPerMessage: med((s) => s.cpuMsPerMessage),
          ...(list[0]?.processedRps !== undefined ? { processedRps: med((s) => s.processedRps ?? 0) } : {}),
        };
      }
      const each = results.frontdesk.map((s, i) => s.rps / results.bare[i]!.rps);
      const cell: Cell = {
        backend,
        mode,
        concurrency,
        figures,
        ratio: {
          median: round2(median(each)),
          q1: round2(quantile(each, 0.25)),
          q3: round2(quantile(each, 0.75)),
        },
      };
      cells.push(cell);
      console.error(
        `${backend} ${mode} c=${concurrency}: frontdesk ${figures.frontdesk.rps} msg/s, bare ${figures.bare.rps}, ratio ${cell.ratio.median}` +
          (figures.frontdesk.processedRps !== undefined
            ? `, processed ${figures.frontdesk.processedRps}/s`
            : ''),
      );
    }
    return { cells, profile: prof };
  } finally {
    await bare.app.close();
    await rt.close();
    await hook.close();
    if (dbName) await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function writeResults(s: {
  machine: {
    cpu: string;
    cores: number;
    node: string;
    os: string;
    loadavgBefore: number[];
    loadavgAfter: number[];
  };
  date: string;
  elapsedSeconds: number;
  method: { messagesPerBlock: number; rounds: number };
  aimMet: boolean;
  cells: Cell[];
  profiles: Profile[];
}): Promise<void> {
  const m = s.machine;
  const load = (l: number[]) => l.map((n) => n.toFixed(2)).join(' / ');
  const lines = [
    '# Durable inbound ingest benchmark',
    '',
    `Machine: ${m.cpu} (${m.cores} logical CPUs), ${m.os}, Node ${m.node}; load average (1/5/15 min) ` +
      `${load(m.loadavgBefore)} before, ${load(m.loadavgAfter)} after.`,
    `Date: ${s.date}; run time ${s.elapsedSeconds.toFixed(1)} s. Command: \`npm run bench:ingest\` ` +
      `(${s.method.messagesPerBlock} messages per block, at least 5 per virtual user; ${s.method.rounds} rounds).`,
    '',
    'Method: see the comment at the top of bench/ingest/run.ts. `store` = workers off in the measured',
    'process (the headline: what the route costs); `workers` = workers on in the same process (each',
    'message also answered and the reply delivered to a loopback webhook; `processed/s` counts from',
    'block start until every message of the block was processed).',
    '',
    ...table([
      [
        'backend',
        'mode',
        'conc.',
        'path',
        'msg/s',
        'p50 ms',
        'p99 ms',
        'stmts/msg',
        'cpu ms/msg',
        'processed/s',
      ],
      ...s.cells.flatMap((c) =>
        PATHS.map((p) => {
          const f = c.figures[p];
          return [
            c.backend,
            c.mode,
            String(c.concurrency),
            p,
            f.rps.toFixed(1),
            f.p50.toFixed(2),
            f.p99.toFixed(2),
            f.statementsPerMessage.toFixed(2),
            f.cpuMsPerMessage.toFixed(2),
            f.processedRps !== undefined ? f.processedRps.toFixed(1) : '',
          ];
        }),
      ),
    ]),
    '',
    ...table([
      ['backend', 'mode', 'concurrency', 'Frontdesk / bare msg/s (quartiles)', `aim ≥ ${AIM}×`],
      ...s.cells.map((c) => [
        c.backend,
        c.mode,
        String(c.concurrency),
        `${c.ratio.median.toFixed(2)}× (${c.ratio.q1.toFixed(2)}–${c.ratio.q3.toFixed(2)})`,
        c.mode === 'store' ? (c.ratio.median >= AIM ? 'met' : 'missed') : '(not the headline)',
      ]),
    ]),
    '',
    `Aim (store mode ≥ ${AIM}× everywhere) ${s.aimMet ? 'met' : 'not met'} in this run.`,
    '',
    '## Statements of one stored message (store mode, sequential)',
    '',
    ...s.profiles.flatMap((p) => [
      `${p.backend}, ${p.messages} messages:`,
      '',
      ...table([
        ['per message', 'avg ms', 'statement (normalised, first 140 characters)'],
        ...p.top.map((t) => [
          t.perMessage.toFixed(2),
          t.avgMs.toFixed(2),
          `\`${t.sql.replace(/\|/g, '\\|')}\``,
        ]),
      ]),
      '',
    ]),
  ];
  await writeFile(new URL('./RESULTS.md', import.meta.url), lines.join('\n'));
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(3, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  return [line(rows[0]!), line(widths.map((w) => '-'.repeat(w))), ...rows.slice(1).map(line)];
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

function median(values: number[]): number {
  return quantile(values, 0.5);
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

await main();
