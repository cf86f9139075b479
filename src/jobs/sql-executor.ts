import type { PGlite, Results } from '@electric-sql/pglite';
import type pg from 'pg';
import type { Database } from '../store/database.ts';

/**
 * What pg-boss needs from a database (its `db` option): run one SQL text, with or without
 * parameters, and return node-postgres-shaped results — `{ rows }` for one statement, an
 * array of them for a multi-statement text (pg-boss unwraps those itself).
 */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * pg-boss's schema creation, migrations and maintenance commands are parameterless texts
 * wrapped as `BEGIN; SET LOCAL …; SELECT pg_advisory_xact_lock(…); …; COMMIT;`. When one of
 * them fails half-way (e.g. the "already exists" race pg-boss expects when two processes
 * create the schema at once) the session is left inside an aborted transaction block.
 */
const TRANSACTION_SCRIPT = /^\s*BEGIN\s*;/i;

export function isTransactionScript(text: string): boolean {
  return TRANSACTION_SCRIPT.test(text);
}

export function createSqlExecutor(database: Database): SqlExecutor {
  return database.kind === 'pg' ? pgExecutor(database.pool) : pgliteExecutor(database.pglite);
}

/**
 * PGlite: `query` is a single statement over the extended protocol (parameters), `exec` is
 * the simple protocol (several statements, no parameters) — so parameterless texts go to
 * `exec`, like node-postgres does. PGlite has one session shared by everyone in the process,
 * so a transaction script runs inside `pglite.transaction()`: it holds PGlite's transaction
 * mutex for the whole script (nothing else interleaves), and if the script fails PGlite rolls
 * back under that same mutex instead of leaving every later query of the process failing
 * with "current transaction is aborted". (The script's own BEGIN/COMMIT inside the
 * transaction only raise notices.)
 */
function pgliteExecutor(pglite: PGlite): SqlExecutor {
  return {
    async executeSql(text, values) {
      if (values && values.length > 0) return await pglite.query(text, values);
      const results = isTransactionScript(text)
        ? await pglite.transaction((tx) => tx.exec(text))
        : await pglite.exec(text);
      return unwrap(results);
    },
  };
}

function unwrap(results: Results[]): { rows: unknown[] } {
  if (results.length === 1) return results[0]!;
  if (results.length === 0) return { rows: [] };
  // Several statements: an array of results, the same shape node-postgres returns.
  return results as unknown as { rows: unknown[] };
}

const ignore = () => {};

/**
 * PostgreSQL, over the application's pool. Transaction scripts run on a checked-out client
 * that is destroyed (not returned to the pool) when the script fails, since it may be left
 * in an aborted transaction block.
 */
function pgExecutor(pool: pg.Pool): SqlExecutor {
  return {
    async executeSql(text, values) {
      if ((values && values.length > 0) || !isTransactionScript(text)) {
        return await pool.query(text, values);
      }
      const client = await pool.connect();
      client.on('error', ignore);
      try {
        const result = await client.query(text);
        client.off('error', ignore);
        client.release();
        return result;
      } catch (err) {
        client.off('error', ignore);
        client.release(err instanceof Error ? err : true);
        throw err;
      }
    },
  };
}
