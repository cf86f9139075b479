/**
 * The load generator of the ingest benchmark, run in a worker thread so the clients do not
 * share the servers' event loop. A block: `concurrency` virtual users, each one customer
 * (one contact id, one conversation), send `messages` in all, each user waiting for the
 * acknowledgement before its next; every message has a unique message id. Loopback only.
 */
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { Agent, request } from 'undici';
import {
  messengerEvents,
  messengerText,
  metaJson,
  metaSignature,
  whatsAppText,
} from '../../test/support/meta/webhooks.ts';
import { twilioSignature } from '../../test/support/twilio/stand-in.ts';

/** How a message is put on the wire: the custom channel's JSON (default) or a provider's signed webhook. */
export type Wire =
  | { kind: 'custom' }
  | { kind: 'whatsapp'; appSecret: string; phoneNumberId: string }
  | { kind: 'messenger'; appSecret: string; pageId: string }
  | { kind: 'twilio-sms'; authToken: string; accountSid: string; to: string };

export interface BlockRequest {
  id: number;
  /** The inbound route, with `{user}` where a virtual user's conversation id goes (bare). */
  url: string;
  authorization?: string;
  /** Per virtual user: the conversation id (bare) or the contact id (Frontdesk). */
  users: string[];
  concurrency: number;
  messages: number;
  text: string;
  /** Prefix of the message ids of this block (unique per run). */
  prefix: string;
  wire?: Wire;
}

/** One message as its channel's sender posts it: headers, body and the status that acknowledges it. */
function onTheWire(wire: Wire, url: string, user: string, id: string, text: string) {
  switch (wire.kind) {
    case 'custom':
      return { body: JSON.stringify({ messageId: id, contact: { id: user }, text }), headers: {}, ok: 202 };
    case 'whatsapp':
    case 'messenger': {
      const raw = metaJson(
        wire.kind === 'whatsapp'
          ? whatsAppText({ phoneNumberId: wire.phoneNumberId, from: user, id, text })
          : messengerEvents(wire.pageId, [messengerText({ pageId: wire.pageId, psid: user, mid: id, text })]),
      );
      return { body: raw, headers: { 'x-hub-signature-256': metaSignature(wire.appSecret, raw) }, ok: 200 };
    }
    case 'twilio-sms': {
      const params = {
        MessageSid: id,
        SmsMessageSid: id,
        AccountSid: wire.accountSid,
        From: user,
        To: wire.to,
        Body: text,
        NumMedia: '0',
        NumSegments: '1',
        ApiVersion: '2010-04-01',
      };
      return {
        body: new URLSearchParams(params).toString(),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilioSignature(wire.authToken, url, params),
        },
        ok: 200,
      };
    }
  }
}

export interface BlockResult {
  id: number;
  latencies: number[];
  elapsedMs: number;
  failures: string[];
}

const agent = new Agent({ connections: 128 });

async function runBlock(b: BlockRequest): Promise<BlockResult> {
  const latencies = new Array<number>(b.messages).fill(0);
  const failures: string[] = [];
  let next = 0;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (b.authorization) headers['authorization'] = b.authorization;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: b.concurrency }, async (_, u) => {
      const user = b.users[u]!;
      const url = b.url.replace('{user}', user);
      for (let i = next++; i < b.messages; i = next++) {
        const m = onTheWire(b.wire ?? { kind: 'custom' }, url, user, `${b.prefix}-${i}`, b.text);
        const t = performance.now();
        const res = await request(url, {
          method: 'POST',
          headers: { ...headers, ...m.headers },
          body: m.body,
          dispatcher: agent,
        });
        const text = await res.body.text();
        latencies[i] = performance.now() - t;
        if (res.statusCode !== m.ok && failures.length < 5)
          failures.push(`${res.statusCode} ${text.slice(0, 300)}`);
      }
    }),
  );
  return { id: b.id, latencies, elapsedMs: performance.now() - start, failures };
}

parentPort?.on('message', (b: BlockRequest | 'close') => {
  if (b === 'close') {
    void agent.close().then(() => process.exit(0));
    return;
  }
  void runBlock(b).then((r) => parentPort?.postMessage(r));
});
