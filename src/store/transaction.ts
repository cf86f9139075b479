import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema.ts';

/**
 * Runs `fn` in a transaction, joining the caller's when there is one: services can be
 * atomic on their own and still compose into a larger unit (such as `apply`).
 */
export function inTransaction<T>(db: Kysely<DB>, fn: (tx: Kysely<DB>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db as Transaction<DB>);
  return db.transaction().execute(fn);
}
