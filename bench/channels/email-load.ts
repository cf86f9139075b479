/**
 * The email leg of the channels benchmark (all.ts), in a worker thread so the SMTP clients do not
 * share the server's event loop. A block: `concurrency` senders, each with one SMTP
 * connection (nodemailer, pooled, one message in flight), send `messages` mails in all,
 * every one with a unique Message-ID. Loopback only.
 */
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import nodemailer from 'nodemailer';

export interface BlockRequest {
  port: number;
  to: string;
  concurrency: number;
  messages: number;
  /** Prefix of this block's Message-IDs and sender names (unique per run). */
  prefix: string;
}

export interface BlockResult {
  latencies: number[];
  elapsedMs: number;
  failures: string[];
}

async function runBlock(b: BlockRequest): Promise<BlockResult> {
  const latencies = new Array<number>(b.messages).fill(0);
  const failures: string[] = [];
  let next = 0;
  const senders = Array.from({ length: b.concurrency }, () =>
    nodemailer.createTransport({
      host: '127.0.0.1',
      port: b.port,
      ignoreTLS: true,
      pool: true,
      maxConnections: 1,
      maxMessages: Number.POSITIVE_INFINITY,
    }),
  );
  const start = performance.now();
  await Promise.all(
    senders.map(async (transport, user) => {
      for (let i = next++; i < b.messages; i = next++) {
        const t = performance.now();
        try {
          await transport.sendMail({
            from: `${b.prefix}-user${user}@customer.example`,
            to: b.to,
            subject: 'Opening hours',
            text: 'What are your opening hours?\n\n-- \nA customer',
            messageId: `<${b.prefix}-${i}@customer.example>`,
          });
        } catch (err) {
          if (failures.length < 5) failures.push(String((err as Error).message).slice(0, 300));
        }
        latencies[i] = performance.now() - t;
      }
    }),
  );
  const elapsedMs = performance.now() - start;
  for (const s of senders) s.close();
  return { latencies, elapsedMs, failures };
}

parentPort?.on('message', (b: BlockRequest | 'close') => {
  if (b === 'close') process.exit(0);
  else void runBlock(b).then((r) => parentPort?.postMessage(r));
});
