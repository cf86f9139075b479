import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
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

// int8 (count(*), bigserial) as JS numbers: every count we return fits comfortably.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.url) {
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 10 });
    // A failed idle client must not crash the process; the pool replaces it.
    pool.on('error', () => {});
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
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
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }) });
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
