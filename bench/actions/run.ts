/**
 * Benchmark: runAction (strict inputs, rendering, safe client, output mapping) against a
 * bare undici request() to the same loopback JSON endpoint, with the safe client on its own
 * as a third path. The endpoint runs in a worker thread so the server's work does not share
 * the client's event loop. Loopback only, bounded in rounds and in time (about 20 s, never
 * more than ~50 s). Prints a JSON summary and rewrites bench/actions/RESULTS.md.
 *
 *   npm exec -- node bench/actions/run.ts [rounds]
 *
 * Method, built for a small shared VM where other work steals CPU at random:
 * - the three paths send the same request (URL, headers) over undici Agents with the same
 *   settings (AGENT_OPTIONS: undici's keep-alive defaults), each with its own warm pool;
 * - everything is warmed up first (JIT, pools) in interleaved order;
 * - then R rounds, each running a short block of every path, sequential then with 16 in
 *   flight; the order of the paths flips every round (ABC, CBA, ...), so slow drift
 *   (thermal, neighbours, GC) hits all paths alike;
 * - a figure is the median over the rounds, and a ratio is the median of the per-round
 *   ratios (each round's runAction against the same round's bare), which shrugs off a
 *   round hit by a stall. The spread (quartiles) of the per-round ratios is reported too.
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

const PATHS = ['bare', 'client', 'runAction'] as const;
const MODES = ['sequential', 'concurrent'] as const;

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

type PathName = (typeof PATHS)[number];
type Mode = (typeof MODES)[number];

type Compared = Exclude<PathName, 'bare'>;

interface Stats {
  p50: number;
  p99: number;
  rps: number;
}

interface Ratio {
  median: number;
  q1: number;
  q3: number;
}

interface PathRatios {
  p50: Ratio;
  throughput: Ratio;
}

async function main(): Promise<void> {
  const rounds = Math.max(3, Number(process.argv[2]) || 20);
  const concurrency = 16;
  const block: Record<Mode, number> = { sequential: 1000, concurrent: 2000 };
  const warmUp = 3000;
  const started = Date.now();
  const budgetMs = 45_000; // no new round after this; the whole run stays under a minute
  const loadBefore = os.loadavg();

  const worker = new Worker(new URL(import.meta.url));
  const port = await new Promise<number>((resolve) => worker.once('message', resolve));
  const origin = `http://127.0.0.1:${port}`;

  const { validateActionDefinition } = await import('../../src/actions/definition/validate.ts');
  const { runAction } = await import('../../src/actions/runner/run-action.ts');
  const { closeSharedHttpClients, sharedHttpClient } = await import(
    '../../src/actions/runner/shared-client.ts'
  );
  const { AGENT_OPTIONS } = await import('../../src/shared/http/client.ts');

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
  // Exactly what runAction sends for this action.
  const url = `${origin}/orders/1234?email=jane%40example.com`;
  const headers = {
    Accept: 'application/json',
    'User-Agent': 'Frontdesk',
    'Content-Type': 'application/json',
  };
  const bareAgent = new Agent({ ...AGENT_OPTIONS });
  const client = sharedHttpClient(devHosts);

  const run: Record<PathName, () => Promise<void>> = {
    bare: async () => {
      const res = await request(url, { dispatcher: bareAgent, headers });
      const json = (await res.body.json()) as { status: string };
      if (res.statusCode !== 200 || json.status !== 'shipped') throw new Error('bare request failed');
    },
    client: async () => {
      const res = await client.request({ method: 'GET', url, headers });
      if (res.status !== 200 || (res.json as { status: string }).status !== 'shipped')
        throw new Error('client request failed');
    },
    runAction: async () => {
      const result = await runAction({ action, inputs, options: { devHosts } });
      if (!result.ok || result.outputs['status'] !== 'shipped')
        throw new Error(`runAction failed: ${JSON.stringify(result.error)}`);
    },
  };

  const sequential = async (fn: () => Promise<void>, count: number): Promise<Stats> => {
    const latencies = new Float64Array(count);
    const start = performance.now();
    for (let i = 0; i < count; i++) {
      const t = performance.now();
      await fn();
      latencies[i] = performance.now() - t;
    }
    return stats(latencies, performance.now() - start);
  };
  const concurrent = async (fn: () => Promise<void>, count: number): Promise<Stats> => {
    const latencies = new Float64Array(count);
    let next = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < count; i = next++) {
          const t = performance.now();
          await fn();
          latencies[i] = performance.now() - t;
        }
      }),
    );
    return stats(latencies, performance.now() - start);
  };
  const runBlock = (mode: Mode, path: PathName) =>
    mode === 'sequential' ? sequential(run[path], block[mode]) : concurrent(run[path], block[mode]);

  // Warm-up, interleaved: JIT for every path, then the pools at full concurrency.
  for (let i = 0; i < warmUp; i++) for (const path of PATHS) await run[path]();
  for (const path of PATHS) await concurrent(run[path], block.concurrent);

  const results = Object.fromEntries(
    MODES.map((mode) => [mode, Object.fromEntries(PATHS.map((p) => [p, [] as Stats[]]))]),
  ) as Record<Mode, Record<PathName, Stats[]>>;
  let done = 0;
  for (let r = 0; r < rounds && Date.now() - started < budgetMs; r++) {
    const order = r % 2 === 0 ? PATHS : [...PATHS].reverse();
    for (const mode of MODES) for (const path of order) results[mode][path].push(await runBlock(mode, path));
    done++;
  }

  // The runner's own CPU cost, without I/O: the same action against a stub client.
  const parsedBody: unknown = JSON.parse(BODY);
  const stub: typeof client = {
    devHosts: client.devHosts,
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
  for (let i = 0; i < 10_000; i++) await runAction({ action, inputs, options: { client: stub } });
  const stubStart = performance.now();
  for (let i = 0; i < stubCalls; i++) await runAction({ action, inputs, options: { client: stub } });
  const overheadUs = ((performance.now() - stubStart) / stubCalls) * 1000;

  await bareAgent.close();
  await closeSharedHttpClients();
  await worker.terminate();
  const elapsedS = (Date.now() - started) / 1000;

  // Summary: medians over rounds; ratios as medians of per-round ratios, with quartiles.
  const figures = {} as Record<Mode, Record<PathName, Stats>>;
  const ratios = {} as Record<Mode, Record<Compared, PathRatios>>;
  for (const mode of MODES) {
    figures[mode] = {} as Record<PathName, Stats>;
    for (const path of PATHS) {
      const list = results[mode][path];
      figures[mode][path] = {
        p50: round3(median(list.map((s) => s.p50))),
        p99: round3(median(list.map((s) => s.p99))),
        rps: Math.round(median(list.map((s) => s.rps))),
      };
    }
    const bare = results[mode].bare;
    const ratio = (path: Compared, pick: (s: Stats) => number): Ratio => {
      const each = results[mode][path].map((s, i) => pick(s) / pick(bare[i]!));
      return {
        median: round3(median(each)),
        q1: round3(quantile(each, 0.25)),
        q3: round3(quantile(each, 0.75)),
      };
    };
    ratios[mode] = {
      runAction: { p50: ratio('runAction', (s) => s.p50), throughput: ratio('runAction', (s) => s.rps) },
      client: { p50: ratio('client', (s) => s.p50), throughput: ratio('client', (s) => s.rps) },
    };
  }
  const aim = { p50RatioAtMost: 1.1, throughputRatioAtLeast: 0.9 };
  const aimMet = MODES.every(
    (mode) =>
      ratios[mode].runAction.p50.median <= aim.p50RatioAtMost &&
      ratios[mode].runAction.throughput.median >= aim.throughputRatioAtLeast,
  );
  const cpus = os.cpus();
  const machine = {
    cpu: cpus[0]?.model ?? 'unknown CPU',
    cores: cpus.length,
    node: process.version,
    os: `${os.platform()} ${os.release()}`,
    loadavg1mBefore: round3(loadBefore[0]!),
    loadavg1mAfter: round3(os.loadavg()[0]!),
  };
  const date = new Date().toISOString();
  const summary = {
    machine,
    date,
    elapsedSeconds: round3(elapsedS),
    method: {
      rounds: done,
      requestsPerBlock: block,
      warmUpPerPath: warmUp,
      concurrency,
      order: 'path order flips every round (ABC, CBA, ...); sequential blocks, then concurrent',
      statistic: 'figures: median over rounds; ratios: median (and quartiles) of per-round ratios to bare',
    },
    figures,
    ratios,
    runActionOwnWorkMicroseconds: Math.round(overheadUs * 100) / 100,
    aim,
    aimMet,
  };
  console.log(JSON.stringify(summary, null, 2));

  const x = (n: number) => `${n.toFixed(2)}×`;
  const spread = (r: Ratio) => `${x(r.median)} (${r.q1.toFixed(2)}–${r.q3.toFixed(2)})`;
  const label: Record<Mode, string> = { sequential: 'sequential', concurrent: `concurrency ${concurrency}` };
  const ratioRow = (name: string, path: Compared, which: keyof PathRatios, target: string) => [
    name,
    spread(ratios.sequential[path][which]),
    spread(ratios.concurrent[path][which]),
    target,
  ];
  const lines = [
    '# Actions runner benchmark',
    '',
    `Machine: ${machine.cpu} (${machine.cores} logical CPUs), ${machine.os}, Node ${machine.node}; ` +
      `load average (1 min) ${machine.loadavg1mBefore.toFixed(2)} before, ${machine.loadavg1mAfter.toFixed(2)} after.`,
    `Date: ${date}; run time ${elapsedS.toFixed(1)} s.`,
    '',
    '## Method',
    '',
    '- Endpoint: node:http on 127.0.0.1 in a worker thread, keep-alive, 330-byte JSON body.',
    '- `bare` = undici `request()` + `body.json()`; `client` = the safe HTTP client alone',
    '  (`createHttpClient`: dev host, address/redirect/size/JSON checks, deadline);',
    '  `runAction` = strict input check + request rendering + safe client + JSONPath output mapping.',
    '  All three send the same URL and headers, each over its own warm undici Agent with the',
    '  same settings (`AGENT_OPTIONS`: undici keep-alive defaults).',
    `- Warm-up: ${warmUp} sequential calls per path (interleaved), then one concurrent block each.`,
    `- ${done} rounds; each runs a block of every path, ${block.sequential} requests sequential, then`,
    `  ${block.concurrent} with ${concurrency} in flight. The path order flips every round (ABC, CBA, …).`,
    '- Figures are medians over the rounds. Ratios are medians of the per-round ratios',
    '  (path / bare in the same round), with the quartiles of those ratios in brackets.',
    '',
    '## Figures (median over rounds)',
    '',
    ...table([
      ['path', 'p50 ms', 'p99 ms', 'requests/s'],
      ...MODES.flatMap((mode) =>
        PATHS.map((path) => {
          const f = figures[mode][path];
          return [`${path}, ${label[mode]}`, f.p50.toFixed(3), f.p99.toFixed(3), String(f.rps)];
        }),
      ),
    ]),
    '',
    '## Ratios against bare (median of per-round ratios, quartiles in brackets)',
    '',
    ...table([
      ['ratio', 'sequential', `concurrency ${concurrency}`, 'aim'],
      ratioRow('runAction p50 latency', 'runAction', 'p50', '≤ 1.10×'),
      ratioRow('runAction throughput', 'runAction', 'throughput', '≥ 0.90×'),
      ratioRow('client p50 latency', 'client', 'p50', ''),
      ratioRow('client throughput', 'client', 'throughput', ''),
    ]),
    '',
    `Aim ${aimMet ? 'met' : 'not met'} in this run.`,
    '',
    `runAction's own work per call (stub client returning a parsed body, no I/O, ${stubCalls} calls): ` +
      `${overheadUs.toFixed(1)} µs.`,
    '',
  ];
  writeFileSync(new URL('./RESULTS.md', import.meta.url), lines.join('\n'));
}

function stats(latencies: Float64Array, elapsedMs: number): Stats {
  const sorted = latencies.slice().sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), rps: (latencies.length / elapsedMs) * 1000 };
}

/** A Markdown table padded the way the formatter (Biome) lays it out. */
function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(3, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  return [line(rows[0]!), line(widths.map((w) => '-'.repeat(w))), ...rows.slice(1).map(line)];
}

function median(values: number[]): number {
  return quantile(values, 0.5);
}

/** Linear-interpolated quantile. */
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
