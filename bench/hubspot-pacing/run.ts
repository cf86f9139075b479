import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { DatabasePacing, LIMITS } from '../../src/integrations/hubspot/pacer.ts';
import { type Database, openDatabase } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';

/**
 * `npm run bench:hubspot-pacing -- [reservations=2000]`: what pacing HubSpot calls in the
 * database costs each call (one short row-locked transaction), on PGlite and, with
 * TEST_DATABASE_URL set, on PostgreSQL with two pools booking at once (two processes' worth).
 * It also checks the bookings: no 1.1-s window holds more than 5 searches.
 */
const N = Number(process.argv[2] ?? 2000);
const PG_URL = process.env['TEST_DATABASE_URL'];

const q = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

async function measure(label: string, handles: Database[]) {
  const pacers = handles.map((h) => new DatabasePacing(h.db));
  // Warm-up, on accounts of their own.
  for (let i = 0; i < 50; i++) await pacers[0]!.reserve(`warm-${i}`, ['burst']);
  const sequential: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    await pacers[i % pacers.length]!.reserve(`seq-${i % 50}`, ['burst']);
    sequential.push(performance.now() - t0);
  }
  // Concurrent: 8 callers per handle booking searches on one account.
  const ats: number[] = [];
  const t0 = performance.now();
  const per = Math.floor(N / 4);
  await Promise.all(
    pacers.flatMap((p) =>
      Array.from({ length: 8 }, async () => {
        for (let i = 0; i < per / (8 * pacers.length); i++)
          ats.push((await p.reserve('hot', ['burst', 'search'])).at);
      }),
    ),
  );
  const wall = performance.now() - t0;
  const sorted = ats.sort((a, b) => a - b);
  const { max, windowMs } = LIMITS.search;
  const broken = sorted.filter((at, i) => i + max < sorted.length && sorted[i + max]! - at < windowMs).length;
  return `| ${label} | ${N} | ${q(sequential, 0.5).toFixed(2)} | ${q(sequential, 0.95).toFixed(2)} | ${ats.length} | ${((ats.length / wall) * 1000).toFixed(0)} | ${broken} |`;
}

const rows: string[] = [];
const dir = await mkdtemp(join(tmpdir(), 'frontdesk-bench-pacing-'));
const lite = await openDatabase({ dataDir: dir });
await migrateToLatest(lite.db as never);
rows.push(await measure('PGlite (one process)', [lite]));
await lite.close();
await rm(dir, { recursive: true, force: true });

if (PG_URL) {
  const name = `frontdesk_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = PG_URL.replace(/\/[^/]*$/, `/${name}`);
  const a = await openDatabase({ url });
  await migrateToLatest(a.db as never);
  const b = await openDatabase({ url });
  rows.push(await measure('PostgreSQL, two pools', [a, b]));
  await a.close();
  await b.close();
  await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
  await admin.end();
}

const report = `# HubSpot request pacing in the database

Machine: ${cpus()[0]?.model ?? 'unknown'} (${cpus().length} logical CPUs), Node ${process.version}.
Date: ${new Date().toISOString()}.

Each HubSpot call books its start in \`hubspot_pacing\` (one transaction: upsert, \`select … for
update\`, update). Sequential: one caller, latency per booking (ms). Concurrent: callers
booking searches on one account at once; "windows over 5" counts 1.1-s windows holding more
than 5 booked searches (must be 0). Bookings are not sleeps: the bench measures the bookkeeping,
the waits it hands out are HubSpot's limits.

| database | bookings | p50 ms | p95 ms | concurrent bookings | bookings/s | windows over 5 |
|---|---|---|---|---|---|---|
${rows.join('\n')}
`;
writeFileSync(new URL('./RESULTS.md', import.meta.url), report);
console.log(report);
