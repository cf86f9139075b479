import { type Kysely, sql } from 'kysely';
import type { DB } from '../../store/schema.ts';
import { inTransaction } from '../../store/transaction.ts';

/**
 * HubSpot's limits (contracts.md §1.7): a public OAuth app may make 110 requests per 10 s
 * per installing account; search has its own 5 per second. Margins absorb clock skew
 * between us and HubSpot (a slot counted at our send is counted at HubSpot's receipt).
 */
export const LIMITS = {
  burst: { max: 100, windowMs: 10_000 },
  search: { max: 5, windowMs: 1_100 },
} as const;
export type Bucket = keyof typeof LIMITS;

/** One bucket's state: booked start times (ms, ascending) and a Retry-After hold. */
export interface WindowState {
  starts: number[];
  holdUntil: number;
}

/**
 * The earliest start at or after `now` that keeps at most `max` starts in any `windowMs`,
 * after every start already booked (so callers queue in order) and after a hold.
 */
export function earliestStart(s: WindowState, now: number, max: number, windowMs: number): number {
  let at = Math.max(now, s.holdUntil);
  const n = s.starts.length;
  if (n >= max) at = Math.max(at, s.starts[n - max]! + windowMs);
  if (n > 0) at = Math.max(at, s.starts[n - 1]!);
  return at;
}

/**
 * The state with a start booked at `at`, forgetting starts that can no longer matter: those
 * a window ago, and all but the latest `max` (starts are booked in time order, and only the
 * `max`-th latest and the latest decide the next one), so a row stays small under a queue.
 */
export function book(s: WindowState, at: number, now: number, max: number, windowMs: number): WindowState {
  return { starts: [...s.starts.filter((t) => t > now - windowMs), at].slice(-max), holdUntil: s.holdUntil };
}

/**
 * Per-account pacing: `reserve` books one request's start in each bucket it counts against
 * and says how long to wait before sending; `hold` keeps a bucket shut after a 429.
 */
export interface Pacing {
  reserve(account: string, buckets: readonly Bucket[]): Promise<{ waitMs: number; at: number }>;
  hold(account: string, bucket: Bucket, ms: number): Promise<void>;
}

const fresh = (): WindowState => ({ starts: [], holdUntil: 0 });

function reserveIn(states: WindowState[], buckets: readonly Bucket[], now: number) {
  const at = Math.max(
    ...buckets.map((b, i) => earliestStart(states[i]!, now, LIMITS[b].max, LIMITS[b].windowMs)),
  );
  return { at, next: buckets.map((b, i) => book(states[i]!, at, now, LIMITS[b].max, LIMITS[b].windowMs)) };
}

/** Pacing within one process (unit tests, tools); the server paces in the database. */
export class MemoryPacing implements Pacing {
  readonly #state = new Map<string, WindowState>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  async reserve(account: string, buckets: readonly Bucket[]) {
    const now = this.#now();
    const { at, next } = reserveIn(
      buckets.map((b) => this.#state.get(`${account}:${b}`) ?? fresh()),
      buckets,
      now,
    );
    for (const [i, b] of buckets.entries()) this.#state.set(`${account}:${b}`, next[i]!);
    return { waitMs: at - now, at };
  }

  async hold(account: string, bucket: Bucket, ms: number) {
    const s = this.#state.get(`${account}:${bucket}`) ?? fresh();
    this.#state.set(`${account}:${bucket}`, { ...s, holdUntil: Math.max(s.holdUntil, this.#now() + ms) });
  }
}

/**
 * Pacing shared by every process on the database: each bucket is a row, locked while a
 * start is booked (one short transaction per request), on the database's clock so that
 * processes on different hosts agree on "now".
 */
export class DatabasePacing implements Pacing {
  readonly #db: Kysely<DB>;

  constructor(db: Kysely<DB>) {
    this.#db = db;
  }

  async reserve(account: string, buckets: readonly Bucket[]) {
    return inTransaction(this.#db, async (tx) => {
      const { now, states } = await this.#lock(tx, account, buckets);
      const { at, next } = reserveIn(states, buckets, now);
      for (const [i, b] of buckets.entries())
        await tx
          .updateTable('hubspot_pacing')
          .set({ starts: JSON.stringify(next[i]!.starts) as never })
          .where('account', '=', account)
          .where('bucket', '=', b)
          .execute();
      return { waitMs: at - now, at };
    });
  }

  async hold(account: string, bucket: Bucket, ms: number) {
    await inTransaction(this.#db, async (tx) => {
      const { now, states } = await this.#lock(tx, account, [bucket]);
      await tx
        .updateTable('hubspot_pacing')
        .set({ hold_until: Math.max(states[0]!.holdUntil, now + ms) })
        .where('account', '=', account)
        .where('bucket', '=', bucket)
        .execute();
    });
  }

  /** The buckets' rows, created when missing and locked in a fixed order (no deadlock between two). */
  async #lock(tx: Kysely<DB>, account: string, buckets: readonly Bucket[]) {
    const sorted = [...buckets].sort();
    await tx
      .insertInto('hubspot_pacing')
      .values(sorted.map((bucket) => ({ account, bucket, starts: '[]' as never, hold_until: 0 })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    const rows = await tx
      .selectFrom('hubspot_pacing')
      .select([
        'bucket',
        'starts',
        'hold_until',
        sql<number>`extract(epoch from clock_timestamp()) * 1000`.as('now'),
      ])
      .where('account', '=', account)
      .where('bucket', 'in', sorted)
      .orderBy('bucket')
      .forUpdate()
      .execute();
    const byBucket = new Map(rows.map((r) => [r.bucket, r]));
    const now = Math.round(Number(rows[0]!.now));
    return {
      now,
      states: buckets.map((b): WindowState => {
        const r = byBucket.get(b)!;
        return { starts: (r.starts as unknown as number[]).map(Number), holdUntil: Number(r.hold_until) };
      }),
    };
  }
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or nonsense. */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
