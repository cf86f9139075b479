import { PGlite } from '@electric-sql/pglite';
import { Kysely, type LogEvent, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';

/**
 * One handle over either backend. Domain code only touches `db` (Kysely); the raw
 * handles are for the adapters that need the driver itself (the job queue, LISTEN/NOTIFY).
 */
export type Database =
  | { kind: 'pglite'; db: Kysely<DB>; pglite: PGlite; close(): Promise<void> }
  | { kind: 'pg'; db: Kysely<DB>; pool: pg.Pool; url: string; close(): Promise<void> };

export interface DatabaseOptions {
  /** postgres:// URL; when absent the embedded PGlite in `dataDir` is used. */
  url?: string | undefined;
  /** Folder for PGlite's files; `memory://` keeps it in memory (tests). */
  dataDir?: string | undefined;
  poolSize?: number;
}

/** Sees every statement Kysely sends (its SQL text and how long it took), e.g. to count a turn's statements. */
export type QueryObserver = (sql: string, durationMs: number) => void;
const observers = new Set<QueryObserver>();

/**
 * Observes the statements of databases opened after this call (benchmarks count them);
 * returns the function that stops observing. Without an observer, Kysely logs nothing and
 * the query path stays as it is.
 */
export function observeQueries(observer: QueryObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

function kyselyLog(): { log?: (event: LogEvent) => void } {
  if (observers.size === 0) return {};
  return {
    log: (event) => {
      for (const observe of observers) observe(event.query.sql, event.queryDurationMillis);
    },
  };
}

// int8 (count(*), bigserial) as JS numbers: every count we return fits comfortably.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.url) {
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 10 });
    // A failed idle client must not crash the process; the pool replaces it.
    pool.on('error', () => {});
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), ...kyselyLog() });
    return {
      kind: 'pg',
      db,
      pool,
      url: opts.url,
      close: async () => {
        await db.destroy();
      },
    };
  }
  const dataDir = opts.dataDir ?? 'memory://';
  const pglite = await PGlite.create(dataDir === 'memory://' ? undefined : dataDir, {
    parsers: { 20: (v: string) => Number.parseInt(v, 10) },
  });
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }), ...kyselyLog() });
  return {
    kind: 'pglite',
    db,
    pglite,
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}
