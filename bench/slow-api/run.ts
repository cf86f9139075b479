/**
 * Benchmark (issue 8): 20 conversations send a message at once whose answer needs a read
 * action against an API that takes 3 s to answer. A conversation turn holds no pooled
 * database connection while it waits on the outbound call (src/conversations/lease.ts), so
 * all 20 should finish in about 3 s, not 3 s × 20 / pool size.
 *
 *   npm run bench:slow-api [rounds]
 *
 * Runs the real server in-process (startRuntime, HTTP on a loopback port) on a scratch
 * PostgreSQL database (postgres://postgres@127.0.0.1:5432, or BENCH_PG_URL; created and
 * dropped here), then on PGlite for reference. The stub API runs on loopback and answers
 * JSON after exactly DELAY_MS; a last round per backend uses an instant stub, to show the
 * turns' own time. Bounded: 3 rounds per backend (at most 10), each turn
 * abandoned after 60 s, and a watchdog ends the process after 5 minutes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { loadConfig } from '../../src/config/config.ts';
import { startRuntime } from '../../src/server/runtime.ts';

const DELAY_MS = 3000;
const CONVERSATIONS = 20;
const ROUNDS = Math.min(10, Math.max(1, Number(process.argv[2]) || 3));
const ADMIN_URL = process.env['BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const watchdog = setTimeout(() => {
  console.error('slow-api bench: watchdog fired after 5 minutes');
  process.exit(2);
}, 300_000);
watchdog.unref();

interface Round {
  /** The stub's delay in this round: DELAY_MS, or 0 for the last round (the turns' own work). */
  delayMs: number;
  wallMs: number;
  turns: number[];
  /** Most requests the stub held at one time in the round: 20 when no turn waited for another. */
  peak: number;
}

// The stub API: answers every request with JSON after exactly DELAY_MS.
let delayMs = DELAY_MS;
let inFlight = 0;
let peak = 0;
const stub = createServer((_req, res) => {
  inFlight++;
  peak = Math.max(peak, inFlight);
  setTimeout(() => {
    inFlight--;
    const body = JSON.stringify({ balance: 42.5, currency: 'EUR' });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }, delayMs);
});
await new Promise<void>((r) => stub.listen(0, '127.0.0.1', r));
const stubHost = `127.0.0.1:${(stub.address() as AddressInfo).port}`;

const cpus = os.cpus();
console.log(
  `machine: ${cpus.length} cores (${cpus[0]?.model ?? '?'}), load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}, node ${process.version}`,
);
console.log(`stub API delay ${DELAY_MS} ms, ${CONVERSATIONS} concurrent conversations, ${ROUNDS} rounds`);

const results: Record<string, Round[]> = {};
try {
  results['postgresql'] = await onPostgres();
  results['pglite'] = await onBackend(undefined);
} finally {
  stub.closeAllConnections();
  stub.close();
}

console.log(
  '\n| backend | round | API delay (s) | all 20 done (s) | × 3 s | turn p50 (s) | turn max (s) | API calls at once |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const [backend, rounds] of Object.entries(results)) {
  rounds.forEach((r, i) => {
    const sorted = [...r.turns].sort((a, b) => a - b);
    const p50 = sorted[Math.floor(sorted.length / 2)] ?? 0;
    const max = sorted.at(-1) ?? 0;
    console.log(
      `| ${backend} | ${i + 1} | ${r.delayMs / 1000} | ${(r.wallMs / 1000).toFixed(2)} | ${(r.wallMs / DELAY_MS).toFixed(2)} | ${(p50 / 1000).toFixed(2)} | ${(max / 1000).toFixed(2)} | ${r.peak} |`,
    );
  });
}
console.log(
  `load average after: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
clearTimeout(watchdog);

async function onPostgres(): Promise<Round[]> {
  const name = `bench_slowapi_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      const url = new URL(ADMIN_URL);
      url.pathname = `/${name}`;
      return await onBackend(url.toString());
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}

async function onBackend(databaseUrl: string | undefined): Promise<Round[]> {
  const backend = databaseUrl ? 'postgresql' : 'pglite';
  const dataDir = await mkdtemp(join(os.tmpdir(), 'frontdesk-bench-slowapi-'));
  const rt = await startRuntime(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      FRONTDESK_DATA_DIR: dataDir,
      FRONTDESK_DEMO: 'off',
      LOG_LEVEL: 'silent',
      FRONTDESK_DEV_HOSTS: stubHost,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    }),
  );
  try {
    const key = rt.bootstrap.adminKey;
    if (!key) throw new Error('expected a first start');
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${rt.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(60_000),
      });
      const json = (await res.json()) as any;
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const agentId = (await call('GET', '/api/v1/agents')).agents[0].id as string;
    const actions = `/api/v1/agents/${agentId}/actions`;
    const created = await call('POST', actions, {
      key: 'balance',
      name: 'Account balance',
      description: 'Look up the account balance',
      triggers: ['check my balance'],
      kind: 'read',
      inputs: [],
      request: { method: 'GET', url: `http://${stubHost}/balance` },
      outputs: [{ name: 'balance', path: '$.balance' }],
      responseTemplate: 'Your balance is {{balance}}.',
    });
    await call('POST', `${actions}/${created.id}/publish`);

    // One turn first, so the rounds measure a warm process (JIT, pools), not its start.
    const warm = (await call('POST', `/api/v1/agents/${agentId}/conversations`, {})).id;
    await call('POST', `/api/v1/conversations/${warm}/messages`, { text: 'check my balance' });

    const rounds: Round[] = [];
    // ROUNDS rounds against the slow API, then one against an instant one: the time the 20
    // turns take on their own (database, HTTP, CPU), which the slow rounds add to the delay.
    for (let round = 0; round <= ROUNDS; round++) {
      delayMs = round < ROUNDS ? DELAY_MS : 0;
      peak = 0;
      const ids: string[] = [];
      for (let i = 0; i < CONVERSATIONS; i++)
        ids.push((await call('POST', `/api/v1/agents/${agentId}/conversations`, {})).id);
      const start = performance.now();
      const turns = await Promise.all(
        ids.map(async (id, i) => {
          const t = performance.now();
          const sent = await call('POST', `/api/v1/conversations/${id}/messages`, {
            text: 'check my balance',
            clientMessageId: `r${round}-m${i}`,
          });
          const text = sent.replies?.[0]?.text as string | undefined;
          if (!text?.includes('42.5')) throw new Error(`unexpected reply: ${JSON.stringify(sent)}`);
          return performance.now() - t;
        }),
      );
      const wallMs = performance.now() - start;
      rounds.push({ delayMs, wallMs, turns, peak });
      console.log(
        `${backend} round ${round + 1} (API ${delayMs} ms): all ${CONVERSATIONS} replies in ${(wallMs / 1000).toFixed(2)} s`,
      );
    }
    return rounds;
  } finally {
    await rt.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
