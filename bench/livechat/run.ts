/**
 * Benchmark (issue 11): 1,000 concurrent widget WebSockets on loopback, each sending a
 * message about every 10 s for a minute, built-in engine, on PostgreSQL; once with one
 * Frontdesk process, once with two behind the same database (clients split between them).
 * Reports message → first reply latency (p50/p99, measured at the client: from sending the
 * frame to receiving the agent's reply frame), errors, and lost messages (sent, never
 * answered on the socket), and checks the database stored each message exactly once.
 *
 *   npm run bench:livechat -- [clients=1000] [seconds=60]
 *
 * BENCH_PROCESSES=1 (a comma list; default 1,2) runs only those process counts.
 *
 * Each Frontdesk is `frontdesk start` as a child process (workers on, FRONTDESK_DEMO=off,
 * loopback only) on a scratch database (postgres://postgres@127.0.0.1:5432, or BENCH_PG_URL;
 * created and dropped here). Setup over the API: an agent FAQ entry, a livechat channel, a
 * deployment. Every message asks the FAQ's question, so each turn answers from knowledge.
 * Clients connect in batches, say hello (anonymous), then send at a random offset within
 * the first interval and every interval after; the reply to a message is the first agent
 * message on the socket after it (one message in flight per client); a message with no reply
 * two minutes after the last send counts as lost. A watchdog ends the run after 15 minutes.
 * Needs about 2,500 file descriptors (`ulimit -n`).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import WebSocket from 'ws';
import { generateKey } from '../../src/secrets/keyring.ts';

const CLIENTS = Math.max(1, Number(process.argv[2]) || 1000);
const SECONDS = Math.max(5, Number(process.argv[3]) || 60);
const INTERVAL_MS = 10_000;
/** After the last send: how long replies may still come before a message counts as lost. */
const DRAIN_MS = 120_000;
const ORIGIN = 'http://bench.localhost';
const QUESTION = 'What are your opening hours?';
const ADMIN_URL = process.env['BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BIN = join(import.meta.dirname, '../../bin/frontdesk.js');

// Each client socket is a descriptor here and one in a Frontdesk process (which inherits the limit).
const fdLimit = Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim());
if (Number.isFinite(fdLimit) && fdLimit < CLIENTS + 500) {
  console.error(
    `livechat bench: ulimit -n is ${fdLimit}; ${CLIENTS} clients need ${CLIENTS + 500}. Raise it (ulimit -n 4096).`,
  );
  process.exit(1);
}

const watchdog = setTimeout(() => {
  console.error('livechat bench: watchdog fired after 15 minutes');
  process.exit(2);
}, 900_000);
watchdog.unref();

interface RunResult {
  processes: number;
  clients: number;
  connected: number;
  sent: number;
  answered: number;
  lost: number;
  errors: number;
  storedOnce: boolean;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** p50 / p99 of each client's first message (a new conversation) and of the others. */
  firstP50: number;
  firstP99: number;
  laterP50: number;
  laterP99: number;
  loadAvg: string;
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

async function until(cond: () => Promise<boolean> | boolean, what: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function startFrontdesk(databaseUrl: string, secret: string) {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'frontdesk-bench-lc-'));
  const child: ChildProcess = spawn(process.execPath, [BIN, 'start'], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      FRONTDESK_DATA_DIR: dir,
      FRONTDESK_SECRET_KEY: secret,
      FRONTDESK_DEMO: 'off',
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await until(
    async () => (await fetch(`${url}/readyz`).catch(() => null))?.ok === true,
    `${url} ready`,
    90_000,
  );
  return {
    url,
    dir,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function setup(url: string, key: string): Promise<string> {
  const call = async (method: string, path: string, body: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as any;
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const agents = await (
    await fetch(`${url}/api/v1/agents`, { headers: { authorization: `Bearer ${key}` } })
  ).json();
  const agentId = (agents as any).agents[0].id;
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
  return channel.publicId;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : Number.NaN;

async function load(urls: string[], publicId: string) {
  const latencies: number[] = [];
  /** The first message of each client starts its conversation (contact, routing, credit): kept apart. */
  const firstLatencies: number[] = [];
  const laterLatencies: number[] = [];
  let sent = 0;
  let errors = 0;
  let connected = 0;
  const clients: { ws: WebSocket; pending: number[]; timers: NodeJS.Timeout[]; answered: number }[] = [];
  // Connect in batches of 50, so the servers' accept queues are not flooded.
  for (let i = 0; i < CLIENTS; i += 50) {
    if (i % 250 === 0) console.error(`connecting: ${connected} ready, ${errors} errors`);
    await Promise.all(
      Array.from({ length: Math.min(50, CLIENTS - i) }, async (_, j) => {
        const n = i + j;
        const base = urls[n % urls.length]!;
        const ws = new WebSocket(`${base.replace('http', 'ws')}/widget/ws?channel=${publicId}`, {
          origin: ORIGIN,
        });
        const c = { ws, pending: [] as number[], timers: [] as NodeJS.Timeout[], answered: 0 };
        clients.push(c);
        await new Promise<void>((resolve) => {
          ws.on('message', (data) => {
            const f = JSON.parse(String(data));
            if (f.type === 'ready') {
              connected++;
              resolve();
            } else if (f.type === 'message' && f.message.from === 'agent') {
              const t0 = c.pending.shift();
              if (t0 !== undefined) {
                const ms = performance.now() - t0;
                if (c.answered++ === 0) firstLatencies.push(ms);
                else laterLatencies.push(ms);
                latencies.push(ms);
              }
            } else if (f.type === 'error') errors++;
          });
          ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', pageUrl: `${ORIGIN}/p/${n}` })));
          ws.on('error', () => {
            errors++;
            resolve();
          });
          ws.on('close', (code) => {
            if (code !== 1000 && code !== 1005) errors++;
            resolve();
          });
        });
      }),
    );
  }
  const started = performance.now();
  let seq = 0;
  for (const c of clients) {
    const send = () => {
      if (performance.now() - started > SECONDS * 1000 || c.ws.readyState !== WebSocket.OPEN) return;
      sent++;
      c.pending.push(performance.now());
      c.ws.send(JSON.stringify({ type: 'message', clientMessageId: `b-${seq++}`, text: QUESTION }));
    };
    const first = setTimeout(() => {
      send();
      c.timers.push(setInterval(send, INTERVAL_MS));
    }, Math.random() * INTERVAL_MS);
    c.timers.push(first);
  }
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  for (const c of clients) for (const t of c.timers) clearTimeout(t);
  await until(() => latencies.length >= sent, 'replies', DRAIN_MS).catch(() => {});
  for (const c of clients) c.ws.close(1000);
  return { latencies, firstLatencies, laterLatencies, sent, errors, connected };
}

async function run(processes: number): Promise<RunResult> {
  const name = `frontdesk_bench_lc_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const servers: Awaited<ReturnType<typeof startFrontdesk>>[] = [];
  try {
    const secret = generateKey();
    for (let i = 0; i < processes; i++) servers.push(await startFrontdesk(url.toString(), secret));
    const key = (await readFile(join(servers[0]!.dir, 'admin-key'), 'utf8')).trim();
    const publicId = await setup(servers[0]!.url, key);
    const r = await load(
      servers.map((s) => s.url),
      publicId,
    );
    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    const dup = await db.query(
      `select count(*)::int as n from (select channel_message_id from messages where role = 'customer'
        group by conversation_id, channel_message_id having count(*) > 1) d`,
    );
    const stored = await db.query(`select count(*)::int as n from messages where role = 'customer'`);
    await db.end();
    const sorted = [...r.latencies].sort((a, b) => a - b);
    const first = [...r.firstLatencies].sort((a, b) => a - b);
    const later = [...r.laterLatencies].sort((a, b) => a - b);
    return {
      processes,
      clients: CLIENTS,
      connected: r.connected,
      sent: r.sent,
      answered: r.latencies.length,
      lost: r.sent - Math.min(r.sent, r.latencies.length),
      errors: r.errors,
      storedOnce: dup.rows[0].n === 0 && stored.rows[0].n === r.sent,
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      max: sorted.at(-1) ?? Number.NaN,
      firstP50: percentile(first, 50),
      firstP99: percentile(first, 99),
      laterP50: percentile(later, 50),
      laterP99: percentile(later, 99),
      loadAvg: os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' / '),
    };
  } finally {
    for (const s of servers) await s.stop().catch(() => {});
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await admin.end();
  }
}

const results: RunResult[] = [];
const PROCESS_COUNTS = (process.env['BENCH_PROCESSES'] ?? '1,2').split(',').map(Number);
for (const processes of PROCESS_COUNTS) {
  const r = await run(processes);
  results.push(r);
  console.log(JSON.stringify(r));
}
const ms = (v: number) => v.toFixed(1);
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}`;
const table = [
  '| processes | clients connected | messages sent | answered | lost | errors | stored once | p50 ms | p90 ms | p99 ms | max ms | first message p50 / p99 ms | later messages p50 / p99 ms | load avg (1/5/15) |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...results.map(
    (r) =>
      `| ${r.processes} | ${r.connected} / ${r.clients} | ${r.sent} | ${r.answered} | ${r.lost} | ${r.errors} | ${r.storedOnce ? 'yes' : 'NO'} | ${ms(r.p50)} | ${ms(r.p90)} | ${ms(r.p99)} | ${ms(r.max)} | ${ms(r.firstP50)} / ${ms(r.firstP99)} | ${ms(r.laterP50)} / ${ms(r.laterP99)} | ${r.loadAvg} |`,
  ),
].join('\n');
await writeFile(
  join(import.meta.dirname, 'RESULTS.md'),
  `# Live chat: ${CLIENTS} widget WebSockets, one message each ~10 s for ${SECONDS} s\n\n` +
    `Run of ${new Date().toISOString()} on ${machine}; \`npm run bench:livechat -- ${CLIENTS} ${SECONDS}\`.\n` +
    'Method: see the comment at the top of run.ts. Latency: message frame sent → first agent reply frame received, at the client.\n\n' +
    `${table}\n`,
);
console.log(table);
