/**
 * The load generator of the ingest benchmark, run in a worker thread so the clients do not
 * share the servers' event loop. A block: `concurrency` virtual users, each one customer
 * (one contact id, one conversation), send `messages` in all, each user waiting for the
 * acknowledgement before its next; every message has a unique message id. Loopback only.
 */
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { Agent, request } from 'undici';

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
        const body = JSON.stringify({ messageId: `${b.prefix}-${i}`, contact: { id: user }, text: b.text });
        const t = performance.now();
        const res = await request(url, { method: 'POST', headers, body, dispatcher: agent });
        const text = await res.body.text();
        latencies[i] = performance.now() - t;
        if (res.statusCode !== 202 && failures.length < 5)
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
