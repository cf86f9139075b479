import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type BackendKind,
  backends,
  createTestDatabase,
  type TestDatabase,
} from '../../test/support/databases.ts';
import { type Fixture, silentLogger, spawnFixture, waitFor } from '../../test/support/processes.ts';
import { AppError } from '../shared/errors.ts';
import { type Database, openDatabase } from '../store/database.ts';
import { createJobQueue, type Job, type JobQueue, type JobQueueOptions } from './queue.ts';

const fast: JobQueueOptions = { pollingIntervalSeconds: 0.5, logger: silentLogger };

describe.each(backends)('job queue on %s', (kind: BackendKind) => {
  let testDb: TestDatabase;
  /** Opened before each test (a new PGlite folder's initdb is slow on a busy machine). */
  let database: Database;
  const opened: Database[] = [];
  const queues: JobQueue[] = [];
  const fixtures: Fixture[] = [];

  const open = async () => {
    const database = await openDatabase({ url: testDb.url, dataDir: testDb.dataDir });
    opened.push(database);
    return database;
  };
  const startQueue = async (database: Database, opts: JobQueueOptions = {}) => {
    const queue = createJobQueue(database, { ...fast, ...opts });
    queues.push(queue);
    await queue.start();
    return queue;
  };

  beforeEach(async () => {
    testDb = await createTestDatabase(kind);
    database = await open();
  });

  afterEach(async () => {
    for (const fixture of fixtures.splice(0)) await fixture.kill('SIGKILL');
    for (const queue of queues.splice(0)) await queue.stop();
    for (const database of opened.splice(0)) await database.close();
    await testDb.drop();
  });

  it('runs a job with its data', async () => {
    const queue = await startQueue(database);
    const seen: Job<{ greeting: string }>[] = [];
    await queue.work<{ greeting: string }>('greet', async (job) => {
      seen.push(job);
    });
    const id = await queue.send('greet', { greeting: 'hello' });
    expect(id).toEqual(expect.any(String));
    await waitFor(() => seen.length === 1, 'the job to run');
    expect(seen[0]).toMatchObject({
      id,
      name: 'greet',
      data: { greeting: 'hello' },
      retryCount: 0,
      retryLimit: 8,
    });
  });

  it('keeps a job across a restart and runs it after', async () => {
    const first = database;
    const queue1 = await startQueue(first);
    const id = await queue1.send('durable', { n: 42 });
    await queue1.stop();
    await first.close();

    const second = await open();
    const queue2 = await startQueue(second);
    const seen: Job<{ n: number }>[] = [];
    await queue2.work<{ n: number }>('durable', async (job) => {
      seen.push(job);
    });
    await waitFor(() => seen.length === 1, 'the job to run after the restart');
    expect(seen[0]).toMatchObject({ id, data: { n: 42 }, retryCount: 0 });
    await waitFor(async () => {
      const { rows } = await sql<{ state: string }>`SELECT state FROM pgboss.job WHERE id = ${id}`.execute(
        second.db,
      );
      return rows[0]?.state === 'completed';
    }, 'the job to be completed');
    expect(seen).toHaveLength(1);
  });

  it('retries a failing handler with exponential backoff until it succeeds', async () => {
    const queue = await startQueue(database);
    const attempts: { retryCount: number; startedOn: Date; startAfter: Date }[] = [];
    await queue.work<{ n: number }>('flaky', async (job) => {
      const { rows } = await sql<{ started_on: Date; start_after: Date }>`
        SELECT started_on, start_after FROM pgboss.job WHERE id = ${job.id}`.execute(database.db);
      attempts.push({
        retryCount: job.retryCount,
        startedOn: rows[0]!.started_on,
        startAfter: rows[0]!.start_after,
      });
      if (attempts.length < 3) throw new Error(`attempt ${attempts.length} fails`);
    });
    const id = await queue.send('flaky', { n: 1 });

    await waitFor(
      async () => {
        const { rows } = await sql<{ state: string }>`SELECT state FROM pgboss.job WHERE id = ${id}`.execute(
          database.db,
        );
        return rows[0]?.state === 'completed';
      },
      'the third attempt to complete the job',
      25_000,
    );
    expect(attempts.map((attempt) => attempt.retryCount)).toEqual([0, 1, 2]);
    // Each retry was scheduled (start_after, set when the previous attempt failed) at least
    // 2^(n-1) seconds after the previous attempt started: the delay doubles.
    const delays = [1, 2].map(
      (n) => (attempts[n]!.startAfter.getTime() - attempts[n - 1]!.startedOn.getTime()) / 1000,
    );
    expect(delays[0]).toBeGreaterThanOrEqual(0.999);
    expect(delays[1]).toBeGreaterThanOrEqual(1.999);
    const { rows } = await sql<{
      retry_backoff: boolean;
      retry_count: number;
      retry_limit: number;
    }>`SELECT retry_backoff, retry_count, retry_limit FROM pgboss.job WHERE id = ${id}`.execute(database.db);
    expect(rows[0]).toEqual({ retry_backoff: true, retry_count: 2, retry_limit: 8 });
  }, 60_000);

  it('fails a job for good once its retries are used up', async () => {
    const queue = await startQueue(database);
    const attempts: Job<unknown>[] = [];
    await queue.work('doomed', async (job) => {
      attempts.push(job);
      throw new Error('always fails');
    });
    const id = await queue.send('doomed', {}, { retryLimit: 1, retryBackoff: false });
    await waitFor(async () => {
      const { rows } = await sql<{ state: string }>`SELECT state FROM pgboss.job WHERE id = ${id}`.execute(
        database.db,
      );
      return rows[0]?.state === 'failed';
    }, 'the job to fail for good');
    expect(attempts.map((job) => [job.retryCount, job.retryLimit])).toEqual([
      [0, 1],
      [1, 1],
    ]);
  });

  it('deduplicates by singleton key within a time slot', async () => {
    const queue = await startQueue(database);
    const first = await queue.send('sync', { a: 1 }, { singletonKey: 'contact:1', singletonSeconds: 300 });
    const again = await queue.send('sync', { a: 2 }, { singletonKey: 'contact:1', singletonSeconds: 300 });
    const other = await queue.send('sync', { a: 3 }, { singletonKey: 'contact:2', singletonSeconds: 300 });
    expect(first).toEqual(expect.any(String));
    expect(again).toBeNull();
    expect(other).toEqual(expect.any(String));
  });

  it('delays a job with startAfterSeconds', async () => {
    const queue = await startQueue(database);
    const id = await queue.send('later', {}, { startAfterSeconds: 3600 });
    const { rows } = await sql<{ state: string; delayed: boolean }>`
      SELECT state, start_after > now() + interval '59 minutes' AS delayed FROM pgboss.job WHERE id = ${id}`.execute(
      database.db,
    );
    expect(rows[0]).toEqual({ state: 'created', delayed: true });
  });

  it('lets two queue instances create the schema and the same queue at the same time', async () => {
    const other = kind === 'pg' ? await open() : database;
    const [a, b] = await Promise.all([startQueue(database), startQueue(other)]);
    const ran: string[] = [];
    await Promise.all([
      a!.work('shared', async (job) => {
        ran.push(job.id);
      }),
      b!.work('shared', async (job) => {
        ran.push(job.id);
      }),
    ]);
    const ids = await Promise.all([a!.send('shared', { from: 'a' }), b!.send('shared', { from: 'b' })]);
    await waitFor(() => ran.length === 2, 'both jobs to run');
    expect(ran.sort()).toEqual([...ids].sort());
    // The database is still usable: no session was left in an aborted transaction.
    const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(database.db);
    expect(rows).toEqual([{ one: 1 }]);
  });

  it('waits for running handlers when stopping', async () => {
    const queue = await startQueue(database);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = false;
    let finished = false;
    await queue.work('slow', async () => {
      started = true;
      await gate;
      finished = true;
    });
    await queue.send('slow', {});
    await waitFor(() => started, 'the job to start');
    const stopping = queue.stop();
    release();
    await stopping;
    expect(finished).toBe(true);
  });

  it('rejects bad arguments and use before start', async () => {
    const queue = createJobQueue(database, fast);
    queues.push(queue);
    await expect(queue.send('q', {})).rejects.toMatchObject({ code: 'job_queue_not_started' });
    await queue.start();
    await expect(queue.send("bad'name", {})).rejects.toBeInstanceOf(AppError);
    await expect(queue.send('q', {}, { singletonKey: "x'; DROP TABLE y; --" })).rejects.toMatchObject({
      code: 'job_singleton_key_invalid',
    });
    await expect(queue.work('q', async () => {}, { concurrency: 0 })).rejects.toMatchObject({
      code: 'job_queue_option_invalid',
    });
    expect(() => createJobQueue(database, { pollingIntervalSeconds: 0.1 })).toThrow(AppError);
    expect(() => createJobQueue(database, { schema: 'bad-schema' })).toThrow(AppError);
  });

  it.runIf(kind === 'pglite')(
    'retries a job cut short by a crash as soon as it restarts',
    async () => {
      const first = database;
      const queue1 = await startQueue(first);
      const id = await queue1.send('crashy', { n: 7 }, { retryBackoff: false });
      await queue1.stop();
      await first.close();

      const worker = spawnFixture(new URL('./fixtures/crash-worker.ts', import.meta.url), [
        testDb.dataDir!,
        'crashy',
      ]);
      fixtures.push(worker);
      await worker.waitForLine(new RegExp(`^started ${id}$`));
      await worker.kill('SIGKILL');

      const second = await open();
      const queue2 = await startQueue(second);
      const seen: Job<{ n: number }>[] = [];
      await queue2.work<{ n: number }>('crashy', async (job) => {
        seen.push(job);
      });
      await waitFor(() => seen.length === 1, 'the interrupted job to run again');
      expect(seen[0]).toMatchObject({ id, data: { n: 7 }, retryCount: 1 });
    },
    60_000,
  );

  it.runIf(kind === 'pg')(
    'runs each job exactly once across two processes',
    async () => {
      await sql`CREATE TABLE job_runs (job_id uuid NOT NULL, n int NOT NULL, pid int NOT NULL)`.execute(
        database.db,
      );
      const workers = [0, 1].map(() =>
        spawnFixture(new URL('./fixtures/job-worker.ts', import.meta.url), [testDb.url!, 'shared-work']),
      );
      fixtures.push(...workers);
      await Promise.all(workers.map((worker) => worker.waitForLine(/^ready$/)));

      const queue = await startQueue(database);
      const total = 60;
      for (let n = 0; n < total; n++) await queue.send('shared-work', { n });

      const count = async () => {
        const { rows } = await sql<{ runs: number; jobs: number }>`
        SELECT count(*)::int AS runs, count(DISTINCT job_id)::int AS jobs FROM job_runs`.execute(database.db);
        return rows[0]!;
      };
      await waitFor(async () => (await count()).jobs === total, 'every job to run', 40_000);
      for (const worker of workers) worker.send('stop');
      for (const worker of workers) await worker.waitForLine(/^stopped$/);
      expect(await Promise.all(workers.map((worker) => worker.exited))).toEqual([0, 0]);

      expect(await count()).toEqual({ runs: total, jobs: total });
      const { rows } = await sql<{ n: number }>`SELECT n FROM job_runs ORDER BY n`.execute(database.db);
      expect(rows.map((row) => row.n)).toEqual(Array.from({ length: total }, (_, n) => n));
    },
    60_000,
  );
});
