/**
 * Benchmark: one conversation turn through the real Frontdesk server against a bare Fastify
 * route that performs the same writes in one transaction, on PGlite and on PostgreSQL, at
 * concurrency 1, 8 and 32, in one run. Prints a JSON summary and rewrites
 * bench/turn/RESULTS.md.
 *
 *   npm run bench:turn -- [turnsPerBlock=100] [rounds=3] [backends=pglite,pg]
 *
 * Method (a small shared VM where neighbours steal CPU at random, as bench/actions):
 * - Frontdesk is `startRuntime` (loadConfig env: FRONTDESK_DEMO=off, LOG_LEVEL=silent,
 *   PORT=0, loopback); an agent with one FAQ entry; every message asks the FAQ's question,
 *   so the built-in engine answers from knowledge each turn and never hands off. Driven
 *   over HTTP: POST /api/v1/conversations/{id}/messages with the admin key.
 * - The bare route (bare.ts) is a second Fastify server in the same process on the same
 *   database handle (the same PGlite instance, the same pg pool).
 * - The clients run in a worker thread (load.ts): one conversation per virtual user, one
 *   message in flight per user, a unique clientMessageId per message.
 * - Warm-up, then per concurrency R rounds of one block per path (N turns each, at least
 *   five per virtual user); the path order flips every round. Figures: median over rounds;
 *   ratio: median of per-round ratios.
 * - Statements: every statement Kysely sends (observeQueries in src/store/database.ts),
 *   plus BEGIN and COMMIT (PostgreSQL: Kysely sends them; PGlite: counted per
 *   `pglite.transaction`), plus pg_notify of the event bus (counted at `events.publish`).
 *   Not counted: pg-boss's own statements (its own pool/queries) and LISTEN bookkeeping.
 * - RSS: the process (both servers, the database on PGlite, the client worker), sampled
 *   every 100 ms during the blocks; the maximum is reported.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { loadConfig } from '../../src/config/config.ts';
import { startRuntime } from '../../src/server/runtime.ts';
import { observeQueries } from '../../src/store/database.ts';
import { startBareServer } from './bare.ts';
import type { BlockRequest, BlockResult } from './load.ts';
import { writeResults } from './report.ts';

export const PATHS = ['frontdesk', 'bare'] as const;
export type PathName = (typeof PATHS)[number];
export const BACKENDS = ['pglite', 'pg'] as const;
export type Backend = (typeof BACKENDS)[number];
export const CONCURRENCY = [1, 8, 32] as const;

const PG_ADMIN_URL = process.env['BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const QUESTION = 'What are your opening hours?';
const ANSWER = 'We are open Monday to Friday, 9:00 to 17:00.';

export interface BlockStats {
  rps: number;
  p50: number;
  p99: number;
  statementsPerTurn: number;
  dbMsPerTurn: number;
  cpuMsPerTurn: number;
  rssMaxMb: number;
}

export interface Cell {
  backend: Backend;
  concurrency: number;
  figures: Record<PathName, BlockStats>;
  ratio: { median: number; q1: number; q3: number };
  p50Ratio: number;
}

export interface StatementProfile {
  backend: Backend;
  turns: number;
  byType: Record<string, number>;
  top: { sql: string; perTurn: number; avgMs: number }[];
}

// Counters, global to the process: blocks run one at a time, so a block's delta is its own.
const counter = { statements: 0, dbMs: 0 };
let profile: Map<string, { count: number; ms: number }> | null = null;
observeQueries((text, ms) => {
  counter.statements++;
  counter.dbMs += ms;
  if (profile) {
    const key = normalise(text);
    const p = profile.get(key) ?? { count: 0, ms: 0 };
    p.count++;
    p.ms += ms;
    profile.set(key, p);
  }
});
const record = (key: string, n: number, ms = 0) => {
  counter.statements += n;
  counter.dbMs += ms;
  if (profile) {
    const p = profile.get(key) ?? { count: 0, ms: 0 };
    p.count += n;
    p.ms += ms;
    profile.set(key, p);
  }
};
// PGlite runs BEGIN and COMMIT inside `transaction()`, out of Kysely's sight.
const transaction = PGlite.prototype.transaction;
PGlite.prototype.transaction = function (this: PGlite, ...args: Parameters<typeof transaction>) {
  record('begin (pglite)', 1);
  return transaction.apply(this, args).finally(() => record('commit (pglite)', 1));
} as typeof transaction;

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\$\d+/g, '$').trim().slice(0, 140);
}

async function main(): Promise<void> {
  const turns = Math.max(10, Number(process.argv[2]) || 100);
  const rounds = Math.max(1, Number(process.argv[3]) || 3);
  const backends = (process.argv[4]?.split(',') ?? [...BACKENDS]) as Backend[];
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
  const profiles: StatementProfile[] = [];
  for (const backend of backends) {
    const { cells: c, profile: p } = await runBackend(backend, turns, rounds, send);
    cells.push(...c);
    profiles.push(p);
  }
  worker.postMessage('close');
  const elapsedS = (Date.now() - started) / 1000;
  const cpus = os.cpus();
  const machine = {
    cpu: cpus[0]?.model ?? 'unknown CPU',
    cores: cpus.length,
    node: process.version,
    os: `${os.platform()} ${os.release()}`,
    loadavgBefore: loadBefore.map(round2),
    loadavgAfter: os.loadavg().map(round2),
  };
  const summary = {
    machine,
    date: new Date().toISOString(),
    elapsedSeconds: round2(elapsedS),
    method: { turnsPerBlock: turns, rounds, warmUpTurns: 50, concurrency: CONCURRENCY },
    aim: { throughputRatioAtLeast: 0.5 },
    aimMet: cells.every((c) => c.ratio.median >= 0.5),
    cells,
    profiles,
  };
  console.log(JSON.stringify(summary, null, 2));
  await writeResults(summary);
  process.exit(0);
}

async function runBackend(
  backend: Backend,
  turns: number,
  rounds: number,
  send: (b: Omit<BlockRequest, 'id'>) => Promise<BlockResult>,
): Promise<{ cells: Cell[]; profile: StatementProfile }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'frontdesk-bench-turn-'));
  let dbName: string | null = null;
  const env: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    FRONTDESK_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    FRONTDESK_DEMO: 'off',
    // The per-key limit (600/min) would answer 429 at concurrency 32: the turn is measured, not the limiter.
    FRONTDESK_RATE_LIMIT: '1000000',
  };
  if (backend === 'pg') {
    dbName = `bench_turn_${process.pid}_${Date.now()}`;
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
  const bare = await startBareServer(rt.ctx.db, ANSWER);
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
    const open = async () => (await api(`/api/v1/agents/${agent.id}/conversations`, {})).id as string;
    const max = Math.max(...CONCURRENCY);
    const conversations: Record<PathName, string[]> = { frontdesk: [], bare: [] };
    for (let i = 0; i < max; i++) {
      conversations.frontdesk.push(await open());
      conversations.bare.push(await open());
    }
    const urls: Record<PathName, string> = {
      frontdesk: `${rt.url}/api/v1/conversations/{id}/messages`,
      bare: `${bare.url}/bare/conversations/{id}/messages`,
    };
    // One checked turn: the engine must answer from the FAQ without handing off.
    const first = await api(`/api/v1/conversations/${conversations.frontdesk[0]}/messages`, {
      text: QUESTION,
    });
    const replies = first.replies.map((r: { text: string }) => r.text).join('\n');
    if (first.state !== 'bot' || !replies.includes(ANSWER)) {
      throw new Error(`the turn did not answer from the FAQ: ${JSON.stringify(first)}`);
    }
    let prefix = 0;
    const block = async (path: PathName, concurrency: number, count: number) => {
      const before = { ...counter };
      const cpu = process.cpuUsage();
      let rss = process.memoryUsage.rss();
      const sampler = setInterval(() => {
        rss = Math.max(rss, process.memoryUsage.rss());
      }, 100);
      const r = await send({
        url: urls[path],
        ...(path === 'frontdesk' ? { authorization: `Bearer ${key}` } : {}),
        conversations: conversations[path],
        concurrency,
        turns: count,
        text: QUESTION,
        prefix: `${backend}-${path}-${++prefix}`,
      });
      clearInterval(sampler);
      if (r.failures.length) throw new Error(`${path} failed: ${r.failures.join(' | ')}`);
      const used = process.cpuUsage(cpu);
      const sorted = r.latencies.slice().sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
      return {
        rps: (count / r.elapsedMs) * 1000,
        p50: at(0.5),
        p99: at(0.99),
        statementsPerTurn: (counter.statements - before.statements) / count,
        dbMsPerTurn: (counter.dbMs - before.dbMs) / count,
        cpuMsPerTurn: (used.user + used.system) / 1000 / count,
        rssMaxMb: rss / 2 ** 20,
      } satisfies BlockStats;
    };

    // Warm-up: JIT, pools, caches; both paths, interleaved.
    for (const path of PATHS) await block(path, 8, 50);
    for (const path of PATHS) await block(path, 1, 20);

    // A statement profile of Frontdesk's turn, sequential so nothing else is in it.
    profile = new Map();
    const profiled = 50;
    await block('frontdesk', 1, profiled);
    const byType: Record<string, number> = {};
    for (const [text, p] of profile) {
      const kind = text.split(' ')[0]!.toLowerCase();
      byType[kind] = round2((byType[kind] ?? 0) + p.count / profiled);
    }
    const top = [...profile.entries()]
      .sort((a, b) => b[1].count - a[1].count || b[1].ms - a[1].ms)
      .map(([sql, p]) => ({ sql, perTurn: round2(p.count / profiled), avgMs: round2(p.ms / p.count) }));
    profile = null;

    const cells: Cell[] = [];
    for (const concurrency of CONCURRENCY) {
      const results: Record<PathName, BlockStats[]> = { frontdesk: [], bare: [] };
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? PATHS : [...PATHS].reverse();
        // At least five turns per virtual user, so ramp-up and tail do not make the block.
        const count = Math.max(turns, 5 * concurrency);
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
          statementsPerTurn: med((s) => s.statementsPerTurn),
          dbMsPerTurn: med((s) => s.dbMsPerTurn),
          cpuMsPerTurn: med((s) => s.cpuMsPerTurn),
          rssMaxMb: round2(Math.max(...list.map((s) => s.rssMaxMb))),
        };
      }
      const each = results.frontdesk.map((s, i) => s.rps / results.bare[i]!.rps);
      cells.push({
        backend,
        concurrency,
        figures,
        ratio: {
          median: round2(median(each)),
          q1: round2(quantile(each, 0.25)),
          q3: round2(quantile(each, 0.75)),
        },
        p50Ratio: round2(figures.frontdesk.p50 / figures.bare.p50),
      });
      console.error(
        `${backend} c=${concurrency}: frontdesk ${figures.frontdesk.rps} turns/s, bare ${figures.bare.rps}, ratio ${cells.at(-1)!.ratio.median}`,
      );
    }
    return { cells, profile: { backend, turns: profiled, byType, top } };
  } finally {
    await bare.app.close();
    await rt.close();
    if (dbName) await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await rm(dataDir, { recursive: true, force: true });
  }
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

export function median(values: number[]): number {
  return quantile(values, 0.5);
}

/** Linear-interpolated quantile. */
export function quantile(values: number[], q: number): number {
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
