/**
 * Benchmark: runAction (strict inputs, rendering, safe client, output mapping) against a
 * bare undici request() to the same loopback JSON endpoint. The endpoint runs in a worker
 * thread so the server's work does not share the client's event loop. Loopback only,
 * bounded in count and time. Writes bench/actions/RESULTS.md.
 *
 *   npm exec -- node bench/actions/run.ts [requestsPerMode]
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { Agent, request } from 'undici';

const BODY = JSON.stringify({
  id: '1234',
  status: 'shipped',
  delivery: { eta: '2025-06-04', carrier: 'DHL', tracking: 'JJD000390007' },
  items: [
    { sku: 'A-1', qty: 1, price: 19.9 },
    { sku: 'B-2', qty: 2, price: 5.5 },
  ],
  customer: { email: 'jane@example.com', address: '1 Private Lane' },
});

if (!isMainThread) {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) });
    res.end(BODY);
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, '127.0.0.1', () => parentPort?.postMessage((server.address() as AddressInfo).port));
} else {
  await main();
}

interface Stats {
  p50: number;
  p99: number;
  rps: number;
}

async function main(): Promise<void> {
  const perMode = Number(process.argv[2] ?? 8000);
  const concurrency = 16;
  const deadline = Date.now() + 120_000;

  const worker = new Worker(new URL(import.meta.url));
  const port = await new Promise<number>((resolve) => worker.once('message', resolve));
  const origin = `http://127.0.0.1:${port}`;

  const { validateActionDefinition } = await import('../../src/actions/definition/validate.ts');
  const { runAction } = await import('../../src/actions/runner/run-action.ts');
  const { closeSharedHttpClients } = await import('../../src/actions/runner/shared-client.ts');

  const action = validateActionDefinition({
    key: 'order_status',
    name: 'Order status',
    description: 'Looks up an order.',
    kind: 'read',
    inputs: [
      { name: 'order_id', type: 'string', pattern: '[0-9]{4,10}' },
      { name: 'email', type: 'string', format: 'email' },
    ],
    request: { method: 'GET', url: `${origin}/orders/{{order_id}}`, query: { email: '{{email}}' } },
    outputs: [
      { name: 'status', path: '$.status' },
      { name: 'eta', path: '$.delivery.eta' },
    ],
  });
  const devHosts = `127.0.0.1:${port}`;
  const inputs = { order_id: '1234', email: 'jane@example.com' };
  const bareAgent = new Agent();
  const bareUrl = `${origin}/orders/1234?email=jane%40example.com`;

  const viaRunner = async () => {
    const result = await runAction({ action, inputs, options: { devHosts } });
    if (!result.ok || result.outputs['status'] !== 'shipped')
      throw new Error(`runAction failed: ${JSON.stringify(result.error)}`);
  };
  const bare = async () => {
    const res = await request(bareUrl, {
      dispatcher: bareAgent,
      headers: { accept: 'application/json', 'content-type': 'application/json' },
    });
    const json = (await res.body.json()) as { status: string };
    if (res.statusCode !== 200 || json.status !== 'shipped') throw new Error('bare request failed');
  };

  // Warm up both paths (JIT, connection pools).
  for (let i = 0; i < 500; i++) {
    await viaRunner();
    await bare();
  }

  const sequential = async (fn: () => Promise<void>, count: number): Promise<Stats> => {
    const latencies: number[] = [];
    const start = performance.now();
    for (let i = 0; i < count && Date.now() < deadline; i++) {
      const t = performance.now();
      await fn();
      latencies.push(performance.now() - t);
    }
    return stats(latencies, performance.now() - start);
  };
  const concurrent = async (fn: () => Promise<void>, count: number): Promise<Stats> => {
    const latencies: number[] = [];
    let next = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next++ < count && Date.now() < deadline) {
          const t = performance.now();
          await fn();
          latencies.push(performance.now() - t);
        }
      }),
    );
    return stats(latencies, performance.now() - start);
  };

  // Alternate the two modes in rounds so drift (thermal, GC) hits both alike.
  const rounds = 8;
  const results = {
    seqRunner: [] as Stats[],
    seqBare: [] as Stats[],
    conRunner: [] as Stats[],
    conBare: [] as Stats[],
  };
  for (let r = 0; r < rounds; r++) {
    results.seqBare.push(await sequential(bare, perMode / rounds));
    results.seqRunner.push(await sequential(viaRunner, perMode / rounds));
    results.conBare.push(await concurrent(bare, perMode / rounds));
    results.conRunner.push(await concurrent(viaRunner, perMode / rounds));
  }
  const seqRunner = merge(results.seqRunner);
  const seqBare = merge(results.seqBare);
  const conRunner = merge(results.conRunner);
  const conBare = merge(results.conBare);

  // The runner's own CPU cost, without I/O: the same action against a stub client.
  const { sharedHttpClient } = await import('../../src/actions/runner/shared-client.ts');
  const real = sharedHttpClient(devHosts);
  const stub: typeof real = {
    devHosts: real.devHosts,
    close: async () => {},
    request: async (r) => ({
      status: 200,
      headers: {},
      url: String(r.url),
      bodyText: BODY,
      json: parsedBody,
      redirects: 0,
    }),
  };
  const stubCalls = 50_000;
  const parsedBody: unknown = JSON.parse(BODY);
  for (let i = 0; i < 5_000; i++) await runAction({ action, inputs, options: { client: stub } });
  const stubStart = performance.now();
  for (let i = 0; i < stubCalls; i++) await runAction({ action, inputs, options: { client: stub } });
  const overheadUs = ((performance.now() - stubStart) / stubCalls) * 1000;

  // Per-round ratios, whose median shrugs off a round hit by a VM stall.
  const medianRatio = (runner: Stats[], bareRuns: Stats[], pick: (s: Stats) => number) =>
    median(runner.map((s, i) => pick(s) / pick(bareRuns[i]!)));
  const medians = {
    seqP50: medianRatio(results.seqRunner, results.seqBare, (s) => s.p50),
    conP50: medianRatio(results.conRunner, results.conBare, (s) => s.p50),
    seqRps: medianRatio(results.seqRunner, results.seqBare, (s) => s.rps),
    conRps: medianRatio(results.conRunner, results.conBare, (s) => s.rps),
  };

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const machine = `${cpu} (${os.cpus().length} logical CPUs), ${os.platform()} ${os.release()}, Node ${process.version}`;
  const row = (label: string, s: Stats) => [
    label,
    s.p50.toFixed(3),
    s.p99.toFixed(3),
    String(Math.round(s.rps)),
  ];
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  const lines = [
    '# Actions runner benchmark',
    '',
    `Machine: ${machine}`,
    `Date: ${new Date().toISOString()}`,
    `Requests: ${perMode} per mode and path (after 500 warm-up each), ${rounds} alternating rounds; concurrency ${concurrency}.`,
    'Endpoint: node:http on 127.0.0.1 in a worker thread, keep-alive, 330-byte JSON body.',
    '`runAction` = strict input check + request rendering + safe client (dev host, redirect/size/JSON checks) +',
    'JSONPath output mapping; `bare` = undici `request()` + `body.json()` on its own Agent.',
    '',
    ...table([
      ['path', 'p50 ms', 'p99 ms', 'requests/s'],
      row('bare, sequential', seqBare),
      row('runAction, sequential', seqRunner),
      row('bare, concurrency 16', conBare),
      row('runAction, concurrency 16', conRunner),
    ]),
    '',
    ...table([
      ['ratio (runAction / bare)', 'sequential', 'concurrency 16', 'aim'],
      ['p50 latency', ratio(seqRunner.p50, seqBare.p50), ratio(conRunner.p50, conBare.p50), '≤ 1.10×'],
      ['throughput', ratio(seqRunner.rps, seqBare.rps), ratio(conRunner.rps, conBare.rps), '≥ 0.90×'],
    ]),
    '',
    `runAction's own work per call (stub client returning a parsed body, no I/O, ${stubCalls} calls): ${overheadUs.toFixed(1)} µs.`,
    '',
    `Median of the ${rounds} per-round ratios: p50 ${medians.seqP50.toFixed(2)}× sequential, ${medians.conP50.toFixed(2)}× concurrent;`,
    `throughput ${medians.seqRps.toFixed(2)}× sequential, ${medians.conRps.toFixed(2)}× concurrent.`,
    '',
  ];
  const report = lines.join('\n');
  console.log(report);
  writeFileSync(new URL('./RESULTS.md', import.meta.url), report);

  await bareAgent.close();
  await closeSharedHttpClients();
  await worker.terminate();
}

function stats(latencies: number[], elapsedMs: number): Stats & { latencies: number[]; elapsedMs: number } {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), rps: (latencies.length / elapsedMs) * 1000, latencies, elapsedMs };
}

/** A Markdown table padded the way the formatter (Biome) lays it out. */
function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(3, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  return [line(rows[0]!), line(widths.map((w) => '-'.repeat(w))), ...rows.slice(1).map(line)];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function merge(parts: Stats[]): Stats {
  const all = parts as Array<Stats & { latencies: number[]; elapsedMs: number }>;
  return stats(
    all.flatMap((p) => p.latencies),
    all.reduce((sum, p) => sum + p.elapsedMs, 0),
  );
}
