/**
 * Benchmark: inbound webhook messages per second on one process, per channel (issue 14).
 *
 *   npm run bench:channels -- [messages=400] [concurrency=16] [backends=pglite,pg]
 *
 * Method: for each backend and for workers off (verify, store, acknowledge: a web tier in
 * front of separate workers) and on (the same process also runs each turn, an FAQ answer,
 * and delivers the reply to a loopback stand-in), one fresh `startRuntime` (FRONTDESK_DEMO=off,
 * LOG_LEVEL=silent) with an agent deployed on a custom, a WhatsApp, a Messenger, a Twilio
 * SMS and an email channel (inbound SMTP on loopback; its clients are the email benchmark's
 * nodemailer worker, bench/channels/email-load.ts). The clients are the ingest benchmark's load generator (bench/ingest/load.ts,
 * a worker thread) speaking each channel's real signed webhook: `concurrency` customers,
 * one message in flight each, a unique provider message id per message. A warm-up block per
 * channel, then per channel a block of `messages`; figures are acknowledged messages per
 * second of the block, and each channel's ratio to the custom channel's figure in the same
 * setting (the live-chat ingest baseline of issue 11). With workers on, every channel starts
 * once the turns of the one before are done. Load average printed with the run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { loadConfig } from '../../src/config/config.ts';
import { startRuntime } from '../../src/server/runtime.ts';
import { startGraphStandIn } from '../../test/support/meta/graph-stand-in.ts';
import { startSmtpSink } from '../../test/support/smtp-sink.ts';
import { startTwilioStandIn } from '../../test/support/twilio/stand-in.ts';
import { startWebhookReceiver } from '../../test/support/webhook-receiver.ts';
import type { BlockRequest, BlockResult, Wire } from '../ingest/load.ts';
import type { BlockRequest as EmailRequest, BlockResult as EmailResult } from './email-load.ts';

const PG_ADMIN_URL = process.env['BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PHONE_NUMBER_ID = '106540352242922';
const PAGE_ID = '1122334455667788';
const SMS_NUMBER = '+15005550006';
const meta = {
  appSecret: 'bench-app-secret-0123456789abcdef',
  accessToken: 'EAAG-bench-access-token-0123456789abcdef',
  verifyToken: 'bench-verify-token-0123456789',
};
const CHANNELS = ['custom', 'whatsapp', 'messenger', 'twilio-sms', 'email'] as const;
type Channel = (typeof CHANNELS)[number];

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.split('=') as [string, string]));
const MESSAGES = Number(args['messages'] ?? 400);
const CONCURRENCY = Number(args['concurrency'] ?? 16);
const BACKENDS = (args['backends'] ?? 'pglite,pg').split(',');

const worker = new Worker(new URL('../ingest/load.ts', import.meta.url));
let blocks = 0;
const pending = new Map<number, (r: BlockResult) => void>();
worker.on('message', (r: BlockResult) => pending.get(r.id)?.(r));
const runBlock = (b: Omit<BlockRequest, 'id'>) =>
  new Promise<BlockResult>((resolve) => {
    const id = ++blocks;
    pending.set(id, resolve);
    worker.postMessage({ ...b, id });
  });

// Email is SMTP, not a webhook: the email benchmark's own load generator (nodemailer).
const mailer = new Worker(new URL('./email-load.ts', import.meta.url));
const runMail = (req: EmailRequest) =>
  new Promise<EmailResult>((resolve) => {
    mailer.once('message', resolve);
    mailer.postMessage(req);
  });

async function adminQuery(text: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

const users = (channel: Channel, run: string) =>
  Array.from({ length: CONCURRENCY }, (_, u) => {
    const n = String(u + 1).padStart(4, '0');
    if (channel === 'custom') return `bench-${run}-${n}`;
    if (channel === 'whatsapp') return `44770090${n}`;
    if (channel === 'messenger') return `62439917000${n}`;
    return `+1415555${n}`;
  });

async function setting(backend: string, workers: boolean): Promise<Record<Channel, number>> {
  const [hook, graph, tw, sink] = await Promise.all([
    startWebhookReceiver(),
    startGraphStandIn({
      accessToken: meta.accessToken,
      phoneNumberIds: [PHONE_NUMBER_ID],
      pageIds: [PAGE_ID],
    }),
    startTwilioStandIn(),
    startSmtpSink(),
  ]);
  const dataDir = await mkdtemp(join(tmpdir(), 'frontdesk-bench-channels-'));
  const env: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    FRONTDESK_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    FRONTDESK_DEMO: 'off',
    FRONTDESK_RATE_LIMIT: '1000000',
    FRONTDESK_DEV_HOSTS: [hook.host, graph.host, tw.host, sink.host].join(','),
    FRONTDESK_SMTP_INBOUND_PORT: '0',
    FRONTDESK_WORKERS: workers ? 'on' : 'off',
  };
  let dbName: string | null = null;
  if (backend === 'pg') {
    dbName = `bench_channels_${process.pid}_${Date.now()}`;
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
      answer: 'We are open 9 to 5, Monday to Friday.',
    });
    const create = async (body: unknown) => {
      const ch = await api('POST', '/api/v1/channels', body);
      if (!ch.id) throw new Error(`channel: ${JSON.stringify(ch)}`);
      await api('POST', '/api/v1/deployments', { agentId, channelId: ch.id });
      return ch;
    };
    const custom = await create({ type: 'custom', name: 'Shop app', config: { webhookUrl: hook.url } });
    const wa = await create({
      type: 'whatsapp',
      name: 'WhatsApp',
      config: { phoneNumberId: PHONE_NUMBER_ID, graphApiUrl: graph.url },
      secrets: meta,
    });
    const ms = await create({
      type: 'messenger',
      name: 'Page',
      config: { pageId: PAGE_ID, graphApiUrl: graph.url },
      secrets: meta,
    });
    const sms = await create({
      type: 'twilio-sms',
      name: 'SMS',
      config: {
        accountSid: tw.accountSid,
        phoneNumber: SMS_NUMBER,
        apiBaseUrl: tw.url,
        webhookBaseUrl: rt.url,
      },
      secrets: { authToken: tw.authToken },
    });
    await create({
      type: 'email',
      name: 'Email',
      config: { addresses: ['support@shop.example'], smtpUrl: sink.url, maxRepliesPerHour: 1000 },
    });
    const routes: Record<Exclude<Channel, 'email'>, { url: string; wire: Wire; authorization?: string }> = {
      custom: {
        url: `${rt.url}/webhooks/custom/${custom.id}`,
        wire: { kind: 'custom' },
        authorization: `Bearer ${custom.secrets.channelKey}`,
      },
      whatsapp: {
        url: `${rt.url}/webhooks/whatsapp/${wa.id}`,
        wire: { kind: 'whatsapp', appSecret: meta.appSecret, phoneNumberId: PHONE_NUMBER_ID },
      },
      messenger: {
        url: `${rt.url}/webhooks/messenger/${ms.id}`,
        wire: { kind: 'messenger', appSecret: meta.appSecret, pageId: PAGE_ID },
      },
      'twilio-sms': {
        url: `${rt.url}/webhooks/twilio-sms/${sms.id}`,
        wire: { kind: 'twilio-sms', authToken: tw.authToken, accountSid: tw.accountSid, to: SMS_NUMBER },
      },
    };
    const out = {} as Record<Channel, number>;
    // With workers on, a channel's turns must not run during the next channel's block.
    const drained = async () => {
      for (let i = 0; workers && i < 1200; i++) {
        const left = await rt.ctx.db
          .selectFrom('messages')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('role', '=', 'customer')
          .where('processed_at', 'is', null)
          .executeTakeFirstOrThrow();
        if (Number(left.n) === 0) return;
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    for (const channel of CHANNELS) {
      await drained();
      const run = `${backend}-${workers ? 'w' : 's'}-${channel}`;
      if (channel === 'email') {
        const mail = (messages: number, prefix: string) =>
          runMail({
            port: rt.smtpPort!,
            to: 'support@shop.example',
            concurrency: CONCURRENCY,
            messages,
            prefix,
          });
        await mail(Math.min(50, MESSAGES), `warm-${run}`);
        const res = await mail(MESSAGES, `m-${run}`);
        if (res.failures.length) throw new Error(`email: ${res.failures.join('; ')}`);
        out.email = Math.round((MESSAGES / res.elapsedMs) * 1000);
        continue;
      }
      const r = routes[channel];
      const block = (messages: number, prefix: string) =>
        runBlock({
          url: r.url,
          ...(r.authorization ? { authorization: r.authorization } : {}),
          users: users(channel, `${backend}${workers}`),
          concurrency: CONCURRENCY,
          messages,
          text: 'What are your opening hours?',
          prefix,
          wire: r.wire,
        });
      await block(Math.min(50, MESSAGES), `warm-${run}`);
      const res = await block(MESSAGES, `m-${run}`);
      if (res.failures.length) throw new Error(`${channel}: ${res.failures.join('; ')}`);
      out[channel] = Math.round((MESSAGES / res.elapsedMs) * 1000);
    }
    return out;
  } finally {
    await rt.close();
    await Promise.all([hook.close(), graph.close(), tw.close(), sink.close()]);
    await rm(dataDir, { recursive: true, force: true });
    if (dbName) await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}

async function main(): Promise<void> {
  const load = os.loadavg().map((x) => x.toFixed(2));
  const rows: { backend: string; workers: boolean; perSecond: Record<Channel, number> }[] = [];
  for (const backend of BACKENDS)
    for (const workers of [false, true])
      rows.push({ backend, workers, perSecond: await setting(backend, workers) });
  const after = os.loadavg().map((x) => x.toFixed(2));
  console.log(
    JSON.stringify(
      {
        messages: MESSAGES,
        concurrency: CONCURRENCY,
        cpus: os.cpus().length,
        loadAverageBefore: load,
        loadAverageAfter: after,
        rows: rows.map((r) => ({
          ...r,
          ratioToCustom: Object.fromEntries(
            CHANNELS.map((c) => [c, Math.round((r.perSecond[c] / r.perSecond.custom) * 100) / 100]),
          ),
        })),
      },
      null,
      2,
    ),
  );
  worker.postMessage('close');
  await mailer.terminate();
}

await main();
