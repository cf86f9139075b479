import type { Kysely } from 'kysely';
import { notFound } from '../shared/errors.ts';
import type { DB } from '../store/schema.ts';
import { baseQuery } from './list.ts';
import { presentOwner } from './present.ts';

/** The conversation's status and owner (with name) after a command: what the inbox shows next. */
export async function ownerNow(db: Kysely<DB>, accountId: string, id: string) {
  const row = await baseQuery(db, accountId).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Conversation');
  return { status: row.status, owner: presentOwner(row) };
}
