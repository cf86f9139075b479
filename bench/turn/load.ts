/**
 * The load generator of the turn benchmark, run in a worker thread so the clients do not
 * share the servers' event loop. A block: `concurrency` virtual users, each with its own
 * conversation, send `turns` messages in all (each user waits for its answer before the
 * next), every message with a unique clientMessageId. Loopback only.
 */
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { Agent, request } from 'undici';

export interface BlockRequest {
  id: number;
  /** URL of the messages route with `{id}` where the conversation id goes. */
  url: string;
  authorization?: string;
  conversations: string[];
  concurrency: number;
  turns: number;
  text: string;
  /** Prefix of the clientMessageIds of this block (unique per run). */
  prefix: string;
}

export interface BlockResult {
  id: number;
  latencies: number[];
  elapsedMs: number;
  failures: string[];
}

const agent = new Agent({ connections: 64 });

async function runBlock(b: BlockRequest): Promise<BlockResult> {
  const latencies = new Array<number>(b.turns).fill(0);
  const failures: string[] = [];
  let next = 0;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (b.authorization) headers['authorization'] = b.authorization;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: b.concurrency }, async (_, user) => {
      const url = b.url.replace('{id}', b.conversations[user]!);
      for (let i = next++; i < b.turns; i = next++) {
        const body = JSON.stringify({ text: b.text, clientMessageId: `${b.prefix}-${i}` });
        const t = performance.now();
        const res = await request(url, { method: 'POST', headers, body, dispatcher: agent });
        const text = await res.body.text();
        latencies[i] = performance.now() - t;
        if (res.statusCode !== 200 && failures.length < 5)
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
