/**
 * Benchmark: inbound WhatsApp and Messenger webhooks accepted per second on one process
 * (issue 14). Prints a JSON summary and rewrites bench/channels/RESULTS.md.
 *
 *   node bench/channels/meta.ts [messagesPerBlock=400] [backends=pglite,pg] [concurrency=1,8]
 *
 * Method:
 * - The real server (`startRuntime`, loopback, LOG_LEVEL=silent, FRONTDESK_DEMO=off) as a
 *   web-only process (FRONTDESK_WORKERS=off): what is measured is the webhook's own work —
 *   signature over the raw bytes, JSON and Zod, the contact and its open conversation, the
 *   24-hour window record, the stored message — up to the 200. Turns are not run (they are
 *   bench/turn's subject); the stored messages stay for a worker.
 * - One WhatsApp and one Messenger channel, both deployed to one agent. Each message is a
 *   new provider id from one of 20 senders (so most messages join an open conversation, as
 *   in real traffic); payloads are built and signed before the clock starts.
 * - Clients in the same process (undici fetch), `concurrency` requests in flight. Per
 *   channel and concurrency: a warm-up of 40 messages, then blocks of N messages, 3 rounds;
 *   the figure is the median round. PostgreSQL: a fresh database on BENCH_PG_URL.
 */
import { createHmac } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { loadConfig } from '../../src/config/config.ts';
import { startRuntime } from '../../src/server/runtime.ts';
import { observeQueries } from '../../src/store/database.ts';

const PG_ADMIN_URL = process.env['BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SENDERS = 20;
const ROUNDS = 3;
const WARM_UP = 40;
const APP_SECRET = 'bench-app-secret-0123456789abcdef';
const PHONE_NUMBER_ID = '106540352242922';
const PAGE_ID = '1122334455667788';

type Channel = 'whatsapp' | 'messenger';
interface Cell {
  backend: string;
  channel: Channel;
  concurrency: number;
  messagesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  statementsPerMessage: number;
}

// Every statement Kysely sends (pg-boss's and pg_notify's are not counted); blocks run one at a time.
const statements = { count: 0, sql: new Map<string, number>() };
observeQueries((text) => {
  statements.count++;
  const key = text.replace(/\s+/g, ' ').slice(0, 90);
  statements.sql.set(key, (statements.sql.get(key) ?? 0) + 1);
});

const [nArg, backendsArg, concArg] = process.argv.slice(2);
const N = Number(nArg ?? 400);
const BACKENDS = (backendsArg ?? 'pglite,pg').split(',');
const CONCURRENCY = (concArg ?? '1,8').split(',').map(Number);

let seq = 0;
function payload(channel: Channel, sender: number): string {
  const id = `${process.pid}-${seq++}`;
  const body =
    channel === 'whatsapp'
      ? {
          object: 'whatsapp_business_account',
          entry: [
            {
              id: '102290129340398',
              changes: [
                {
                  field: 'messages',
                  value: {
                    messaging_product: 'whatsapp',
                    metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID },
                    contacts: [
                      {
                        profile: { name: `Sender ${sender}` },
                        wa_id: `4477009${String(sender).padStart(5, '0')}`,
                      },
                    ],
                    messages: [
                      {
                        from: `4477009${String(sender).padStart(5, '0')}`,
                        id: `wamid.${id}`,
                        timestamp: String(Math.floor(Date.now() / 1000)),
                        type: 'text',
                        text: { body: 'What are your opening hours?' },
                      },
                    ],
                  },
                },
              ],
            },
          ],
        }
      : {
          object: 'page',
          entry: [
            {
              id: PAGE_ID,
              time: Date.now(),
              messaging: [
                {
                  sender: { id: `62439917${String(sender).padStart(8, '0')}` },
                  recipient: { id: PAGE_ID },
                  timestamp: Date.now(),
                  message: { mid: `m_${id}`, text: 'What are your opening hours?' },
                },
              ],
            },
          ],
        };
  return JSON.stringify(body);
}

async function block(url: string, channel: Channel, n: number, concurrency: number) {
  const bodies = Array.from({ length: n }, (_, i) => {
    const raw = payload(channel, i % SENDERS);
    return { raw, signature: `sha256=${createHmac('sha256', APP_SECRET).update(raw).digest('hex')}` };
  });
  const latencies: number[] = [];
  const before = statements.count;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const b = bodies[next++]!;
        const t = performance.now();
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-hub-signature-256': b.signature },
          body: b.raw,
        });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    messagesPerSecond: n / seconds,
    p50Ms: latencies[Math.floor(latencies.length * 0.5)]!,
    p99Ms: latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))]!,
    statementsPerMessage: (statements.count - before) / n,
  };
}

async function runBackend(backend: string): Promise<Cell[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'frontdesk-bench-meta-'));
  let dbName: string | null = null;
  const env: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    FRONTDESK_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    FRONTDESK_DEMO: 'off',
    FRONTDESK_WORKERS: 'off',
    FRONTDESK_RATE_LIMIT: '1000000',
  };
  if (backend === 'pg') {
    dbName = `bench_meta_${process.pid}_${Date.now()}`;
    await adminQuery(`CREATE DATABASE ${dbName}`);
    env['DATABASE_URL'] = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
  }
  const rt = await startRuntime(loadConfig(env));
  const cells: Cell[] = [];
  try {
    const key = rt.bootstrap.adminKey!;
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${rt.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return (await res.json()) as any;
    };
    const agentId = (await api('GET', '/api/v1/agents')).agents[0].id;
    const urls = {} as Record<Channel, string>;
    for (const [type, config] of [
      ['whatsapp', { phoneNumberId: PHONE_NUMBER_ID }],
      ['messenger', { pageId: PAGE_ID }],
    ] as const) {
      const channel = await api('POST', '/api/v1/channels', {
        type,
        name: type,
        config,
        secrets: { appSecret: APP_SECRET, accessToken: 'bench-access-token-0123456789abcdefgh' },
      });
      await api('POST', '/api/v1/deployments', { agentId, channelId: channel.id });
      urls[type] = `${rt.url}/webhooks/${type}/${channel.id}`;
    }
    for (const channel of ['whatsapp', 'messenger'] as const) {
      for (const concurrency of CONCURRENCY) {
        await block(urls[channel], channel, WARM_UP, concurrency);
        const runs = [];
        for (let r = 0; r < ROUNDS; r++) runs.push(await block(urls[channel], channel, N, concurrency));
        runs.sort((a, b) => a.messagesPerSecond - b.messagesPerSecond);
        const mid = runs[Math.floor(runs.length / 2)]!;
        cells.push({ backend, channel, concurrency, ...mid });
        console.error(`${backend} ${channel} c=${concurrency}: ${mid.messagesPerSecond.toFixed(0)} msg/s`);
      }
    }
  } finally {
    await rt.close();
    if (dbName) await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await rm(dataDir, { recursive: true, force: true });
  }
  return cells;
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

const cells: Cell[] = [];
for (const backend of BACKENDS) cells.push(...(await runBackend(backend)));
const machine = `${os.cpus().length} vCPU ${os.cpus()[0]?.model ?? ''}, Node ${process.version}`;
const rows = cells.map(
  (c) =>
    `| ${c.backend} | ${c.channel} | ${c.concurrency} | **${c.messagesPerSecond.toFixed(0)}** | ${c.p50Ms.toFixed(1)} | ${c.p99Ms.toFixed(1)} | ${c.statementsPerMessage.toFixed(1)} |`,
);
await writeFile(
  new URL('./RESULTS.md', import.meta.url),
  `# Inbound Meta webhooks on one process

\`node bench/channels/meta.ts ${N} ${BACKENDS.join(',')} ${CONCURRENCY.join(',')}\`, ${new Date().toISOString()}, ${machine}.
Web-only process; each message verified, validated and stored (the turn is left to a worker);
${N} messages per block, median of ${ROUNDS} rounds, 20 senders per channel. Method in the script's header.

| backend | channel | concurrency | messages/s | p50 ms | p99 ms | statements per message |
|---|---|---|---|---|---|---|
${rows.join('\n')}
`,
);
const top = [...statements.sql.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15);
console.log(JSON.stringify({ machine, cells, top }, null, 2));
