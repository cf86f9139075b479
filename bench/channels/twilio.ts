/**
 * Benchmark: inbound Twilio SMS webhooks on one process (issue 14). Prints a JSON summary.
 *
 *   npm run bench:twilio -- [messages=600] [concurrency=16] [backends=pglite,pg]
 *
 * Method:
 * - Frontdesk is `startRuntime` (loadConfig env: FRONTDESK_DEMO=off, LOG_LEVEL=silent,
 *   PORT=0, loopback);
 *   an agent with one FAQ entry, deployed on a `twilio-sms` channel whose API base URL is
 *   the loopback Twilio stand-in (test/support/twilio/stand-in.ts).
 * - Clients: `concurrency` loops in this process post Twilio's signed form webhook
 *   (X-Twilio-Signature computed per request, verified by the server with the `twilio`
 *   package), each message a new MessageSid, from 50 senders in turn (so conversations are
 *   both created and continued), each asking the FAQ's question.
 * - accepted/s: webhooks answered 200 (verified, stored, acknowledged) per second of the
 *   sending phase. answered/s: messages whose reply reached the stand-in's Messages API,
 *   per second from the first post to the last reply. p50/p99: webhook latency.
 * - Twice per backend: workers on (the one process verifies, stores, runs the turns and
 *   delivers), and workers off (a web-only process: verify, store, acknowledge — what a
 *   web tier in front of separate workers does).
 * - A warm-up of 50 messages (not counted) first.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { loadConfig } from '../../src/config/config.ts';
import { startRuntime } from '../../src/server/runtime.ts';
import { startTwilioStandIn } from '../../test/support/twilio/stand-in.ts';

const PG_ADMIN_URL = process.env['BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SENDERS = 50;
const NUMBER = '+15005550006';

async function adminQuery(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
};

async function run(backend: string, messages: number, concurrency: number, workers: boolean) {
  const tw = await startTwilioStandIn();
  const dataDir = await mkdtemp(join(tmpdir(), 'frontdesk-bench-twilio-'));
  let dbName: string | null = null;
  const env: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    FRONTDESK_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    FRONTDESK_DEMO: 'off',
    FRONTDESK_RATE_LIMIT: '1000000',
    FRONTDESK_DEV_HOSTS: tw.host,
    FRONTDESK_WORKERS: workers ? 'on' : 'off',
  };
  if (backend === 'pg') {
    dbName = `bench_twilio_${process.pid}_${Date.now()}`;
    await adminQuery(`CREATE DATABASE ${dbName}`);
    env['DATABASE_URL'] = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
  }
  const rt = await startRuntime(loadConfig(env));
  try {
    const key = rt.bootstrap.adminKey!;
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${rt.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return res.json() as Promise<any>;
    };
    const agentId = (await api('GET', '/api/v1/agents')).agents[0].id;
    await api('POST', `/api/v1/agents/${agentId}/knowledge/faqs`, {
      question: 'What are your opening hours?',
      answer: 'We are open Monday to Friday, 9:00 to 17:00.',
    });
    const channel = await api('POST', '/api/v1/channels', {
      type: 'twilio-sms',
      name: 'SMS',
      config: { accountSid: tw.accountSid, phoneNumber: NUMBER, apiBaseUrl: tw.url, webhookBaseUrl: rt.url },
      secrets: { authToken: tw.authToken },
    });
    await api('POST', '/api/v1/deployments', { agentId, channelId: channel.id });
    const hook = `${rt.url}/webhooks/twilio-sms/${channel.id}`;
    let n = 0;
    const post = async () => {
      const i = n++;
      const sid = `SM${String(i).padStart(32, '0')}`;
      const t0 = performance.now();
      const res = await tw.webhook(hook, {
        MessageSid: sid,
        AccountSid: tw.accountSid,
        From: `+1415555${String(i % SENDERS).padStart(4, '0')}`,
        To: NUMBER,
        Body: 'What are your opening hours?',
        NumMedia: '0',
      });
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${res.text}`);
      return performance.now() - t0;
    };
    const waitForReplies = async (count: number) => {
      while (tw.sent().length < count) await new Promise((r) => setTimeout(r, 20));
    };
    for (let i = 0; i < 50; i++) await post();
    if (workers) await waitForReplies(50);

    const latencies: number[] = [];
    const start = performance.now();
    const target = n + messages;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (n < target) latencies.push(await post());
      }),
    );
    const sentPhase = (performance.now() - start) / 1000;
    if (workers) await waitForReplies(50 + messages);
    const total = (performance.now() - start) / 1000;
    return {
      backend,
      workers,
      messages,
      concurrency,
      acceptedPerSecond: Math.round(messages / sentPhase),
      answeredPerSecond: workers ? Math.round(messages / total) : null,
      p50Ms: Math.round(quantile(latencies, 0.5)),
      p99Ms: Math.round(quantile(latencies, 0.99)),
    };
  } finally {
    await rt.close();
    await tw.close();
    await rm(dataDir, { recursive: true, force: true });
    if (dbName) await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}

const [messages = '600', concurrency = '16', backends = 'pglite,pg'] = process.argv.slice(2);
const results = [];
for (const b of backends.split(','))
  for (const workers of [true, false])
    results.push(await run(b, Number(messages), Number(concurrency), workers));
console.log(JSON.stringify(results, null, 2));
process.exit(0);
