import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type BackendKind,
  backends,
  createTestDatabase,
  type TestDatabase,
} from '../../test/support/databases.ts';
import { type Fixture, spawnFixture, waitFor } from '../../test/support/processes.ts';
import { type Database, openDatabase } from '../store/database.ts';
import { KeyedMutex } from './keyed-mutex.ts';
import { withLock } from './locks.ts';

/** Resolves when `promise` does; rejects if `what` has not happened within `timeoutMs`. */
function within<T>(promise: Promise<T>, what: string, timeoutMs = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Timed out waiting for ${what}`)), timeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));
}

describe('KeyedMutex', () => {
  it('runs holders of one key one at a time, in arrival order, and forgets idle keys', async () => {
    const mutex = new KeyedMutex();
    const order: string[] = [];
    let active = 0;
    let maxActive = 0;
    const task = (name: string) =>
      mutex.run('k', async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        order.push(`${name}:in`);
        await new Promise((resolve) => setImmediate(resolve));
        order.push(`${name}:out`);
        active--;
      });
    await Promise.all([task('a'), task('b'), task('c')]);
    expect(maxActive).toBe(1);
    expect(order).toEqual(['a:in', 'a:out', 'b:in', 'b:out', 'c:in', 'c:out']);
    expect(mutex.isLocked('k')).toBe(false);
  });

  it('releases the key when the holder throws', async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.run('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await mutex.run('k', async () => 'next')).toBe('next');
    expect(mutex.isLocked('k')).toBe(false);
  });
});

describe.each(backends)('withLock on %s', (kind: BackendKind) => {
  let testDb: TestDatabase;
  let database: Database;
  const fixtures: Fixture[] = [];

  beforeEach(async () => {
    testDb = await createTestDatabase(kind);
    database = await openDatabase({ url: testDb.url, dataDir: testDb.dataDir });
  });

  afterEach(async () => {
    for (const fixture of fixtures.splice(0)) await fixture.kill('SIGKILL');
    await database.close();
    await testDb.drop();
  });

  const advisoryLocksHeld = async () => {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_locks
      WHERE locktype = 'advisory' AND granted
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`.execute(database.db);
    return rows[0]!.n;
  };

  it('never overlaps two holders of the same key', async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withLock(database, 'conversation:1', async () => {
          active++;
          maxActive = Math.max(maxActive, active);
          await sql`SELECT 1`.execute(database.db);
          await new Promise((resolve) => setImmediate(resolve));
          runs++;
          active--;
        }),
      ),
    );
    expect(runs).toBe(8);
    expect(maxActive).toBe(1);
  });

  it('runs different keys concurrently', async () => {
    let signalB!: () => void;
    const bStarted = new Promise<void>((resolve) => {
      signalB = resolve;
    });
    // A holds its key until B has started under another key: serialised keys would hang here.
    const a = withLock(database, 'key:a', () => within(bStarted, 'the holder of key:b to start'));
    const b = withLock(database, 'key:b', async () => {
      signalB();
    });
    await Promise.all([a, b]);
  });

  it('returns the result, and releases the lock when fn throws', async () => {
    expect(await withLock(database, 'k', async () => 42)).toBe(42);
    await expect(
      withLock(database, 'k', async () => {
        throw new Error('inside the lock');
      }),
    ).rejects.toThrow('inside the lock');
    expect(
      await within(
        withLock(database, 'k', async () => 'again'),
        'the lock to be free',
      ),
    ).toBe('again');
    if (kind === 'pg') expect(await advisoryLocksHeld()).toBe(0);
  });

  it('holds a session advisory lock on PostgreSQL while fn runs', async () => {
    const held = await withLock(database, 'k', advisoryLocksHeld);
    expect(held).toBe(kind === 'pg' ? 1 : 0);
    if (kind === 'pg') expect(await advisoryLocksHeld()).toBe(0);
  });

  it('refuses to take a key it already holds, and allows nesting other keys', async () => {
    await expect(withLock(database, 'k', () => withLock(database, 'k', async () => 1))).rejects.toMatchObject(
      {
        code: 'lock_reentered',
      },
    );
    expect(await withLock(database, 'outer', () => withLock(database, 'inner', async () => 'nested'))).toBe(
      'nested',
    );
    await expect(withLock(database, '', async () => 1)).rejects.toMatchObject({ code: 'lock_key_invalid' });
  });

  it.runIf(kind === 'pg')(
    'serialises one key across two processes',
    async () => {
      await sql`CREATE TABLE lock_log (id bigserial PRIMARY KEY, pid int NOT NULL, phase text NOT NULL)`.execute(
        database.db,
      );
      const iterations = 15;
      const workers = [0, 1].map(() =>
        spawnFixture(new URL('./fixtures/lock-worker.ts', import.meta.url), [
          testDb.url!,
          'shared-key',
          String(iterations),
        ]),
      );
      fixtures.push(...workers);
      await Promise.all(workers.map((worker) => worker.waitForLine(/^ready$/)));
      for (const worker of workers) worker.send('go');
      await Promise.all(workers.map((worker) => worker.waitForLine(/^done$/, 30_000)));
      expect(await Promise.all(workers.map((worker) => worker.exited))).toEqual([0, 0]);

      const { rows } = await sql<{ pid: number; phase: string }>`
      SELECT pid, phase FROM lock_log ORDER BY id`.execute(database.db);
      expect(rows).toHaveLength(2 * 2 * iterations);
      // Every enter is followed by the exit of the same process: no critical sections overlap.
      for (let i = 0; i < rows.length; i += 2) {
        expect([rows[i]!.phase, rows[i + 1]!.phase]).toEqual(['enter', 'exit']);
        expect(rows[i + 1]!.pid).toBe(rows[i]!.pid);
      }
      expect(new Set(rows.map((row) => row.pid)).size).toBe(2);
      await waitFor(async () => (await advisoryLocksHeld()) === 0, 'the advisory locks to be gone');
    },
    60_000,
  );
});
