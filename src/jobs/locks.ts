import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import { AppError } from '../shared/errors.ts';
import type { Database } from '../store/database.ts';
import { KeyedMutex } from './keyed-mutex.ts';

/**
 * Keyed locks that serialise work per key (one conversation, one contact, one sync run…)
 * across every process sharing the database.
 *
 * - In-process first: a keyed mutex per Database, so one process never has two callers of
 *   the same key waiting on the server (and never ties up two connections for one key).
 * - PostgreSQL: a session-level `pg_advisory_lock(hashtextextended(key, 0))` held on a pool
 *   client of its own for the whole of `fn`, always released afterwards (even when `fn`
 *   throws). If the unlock fails the connection is destroyed, which ends the session and so
 *   frees the lock. At most half of the pool's connections hold locks at a time, so work
 *   inside `fn` (which uses the same pool through `db`) can always get a connection.
 * - PGlite: one process with one shared session (advisory locks would not exclude anyone),
 *   so the in-process mutex is the lock.
 *
 * Taking the same key again inside `fn` would wait for itself forever; that is detected and
 * throws `lock_reentered` instead. Nesting different keys is allowed; take them in a
 * consistent order to avoid deadlocks between processes.
 */
export async function withLock<T>(database: Database, key: string, fn: () => Promise<T>): Promise<T> {
  if (typeof key !== 'string' || key.length === 0) {
    throw new AppError('internal', 'lock_key_invalid', 'A lock key must be a non-empty string.');
  }
  const held = heldKeys.getStore();
  if (held?.has(key)) {
    throw new AppError(
      'internal',
      'lock_reentered',
      `withLock(${JSON.stringify(key)}) was called while already holding that lock; it would wait for itself forever.`,
    );
  }
  const inner = () => heldKeys.run(new Set([...(held ?? []), key]), fn);
  return mutexFor(database).run(key, () =>
    database.kind === 'pg' ? withAdvisoryLock(database.pool, key, inner) : inner(),
  );
}

const heldKeys = new AsyncLocalStorage<ReadonlySet<string>>();
const mutexes = new WeakMap<Database, KeyedMutex>();
const lockSlots = new WeakMap<pg.Pool, Semaphore>();

function mutexFor(database: Database): KeyedMutex {
  let mutex = mutexes.get(database);
  if (!mutex) {
    mutex = new KeyedMutex();
    mutexes.set(database, mutex);
  }
  return mutex;
}

function slotsFor(pool: pg.Pool): Semaphore {
  let slots = lockSlots.get(pool);
  if (!slots) {
    slots = new Semaphore(Math.max(1, Math.floor((pool.options.max ?? 10) / 2)));
    lockSlots.set(pool, slots);
  }
  return slots;
}

const ignore = () => {};

async function withAdvisoryLock<T>(pool: pg.Pool, key: string, fn: () => Promise<T>): Promise<T> {
  const releaseSlot = await slotsFor(pool).acquire();
  try {
    const client = await pool.connect();
    // A checked-out client has no error listener; a dropped connection must not crash the process.
    client.on('error', ignore);
    try {
      await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key]);
    } catch (err) {
      client.off('error', ignore);
      client.release(err instanceof Error ? err : true);
      throw err;
    }
    try {
      return await fn();
    } finally {
      try {
        const { rows } = await client.query<{ unlocked: boolean }>(
          'SELECT pg_advisory_unlock(hashtextextended($1, 0)) AS unlocked',
          [key],
        );
        client.off('error', ignore);
        // Not holding it would mean the session is not what we think: do not reuse it.
        client.release(rows[0]?.unlocked === true ? undefined : true);
      } catch (err) {
        // Destroying the connection ends the session, and with it the lock.
        client.off('error', ignore);
        client.release(err instanceof Error ? err : true);
      }
    }
  } finally {
    releaseSlot();
  }
}

/** A counting semaphore with FIFO waiters. */
class Semaphore {
  #free: number;
  readonly #waiters: Array<() => void> = [];

  constructor(size: number) {
    this.#free = size;
  }

  async acquire(): Promise<() => void> {
    if (this.#free > 0) {
      this.#free--;
    } else {
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiters.shift();
      if (next) next();
      else this.#free++;
    };
  }
}
