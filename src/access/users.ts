import type { Kysely } from 'kysely';
import { conflict, notFound } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import type { DB, Role } from '../store/schema.ts';
import { inTransaction } from '../store/transaction.ts';

/** The people of an account and their roles (A3): viewer, editor, admin. */
export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
}

const view = (r: { id: string; email: string; name: string; role: Role; created_at: Date }): UserView => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  createdAt: r.created_at.toISOString(),
});

export async function listUsers(db: Kysely<DB>, accountId: string): Promise<UserView[]> {
  const rows = await db
    .selectFrom('users')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .execute();
  return rows.map(view);
}

export async function getUser(db: Kysely<DB>, accountId: string, id: string): Promise<UserView> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('User');
  return view(row);
}

export async function createUser(
  db: Kysely<DB>,
  accountId: string,
  input: { email: string; name: string; role: Role },
): Promise<UserView> {
  const email = input.email.toLowerCase();
  const taken = await db
    .selectFrom('users')
    .select('id')
    .where('account_id', '=', accountId)
    .where('email', '=', email)
    .executeTakeFirst();
  if (taken)
    throw conflict('A user with this email already exists.', 'duplicate', [
      { path: 'email', message: 'taken' },
    ]);
  const row = await db
    .insertInto('users')
    .values({ id: newId('usr'), account_id: accountId, email, name: input.name, role: input.role })
    .returningAll()
    .executeTakeFirstOrThrow();
  return view(row);
}

/** Changing a role also narrows the user's API keys to what the new role may do. */
export async function updateUserRole(
  db: Kysely<DB>,
  accountId: string,
  id: string,
  role: Role,
): Promise<UserView> {
  await assertNotLastAdmin(db, accountId, id, role);
  const row = await db
    .updateTable('users')
    .set({ role })
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound('User');
  return view(row);
}

/**
 * Removes a user of the caller's account and revokes their keys, in one transaction. The
 * user must exist in the caller's account before anything is touched, and the revocation is
 * itself scoped by account: another account's user id changes nothing. Keys are revoked
 * before the row goes, as deleting it clears `api_keys.created_by`.
 */
export async function deleteUser(db: Kysely<DB>, accountId: string, id: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    await getUser(tx, accountId, id);
    await assertNotLastAdmin(tx, accountId, id, null);
    await tx
      .updateTable('api_keys')
      .set({ revoked_at: new Date() })
      .where('account_id', '=', accountId)
      .where('created_by', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
    await tx.deleteFrom('users').where('account_id', '=', accountId).where('id', '=', id).execute();
  });
}

async function assertNotLastAdmin(db: Kysely<DB>, accountId: string, id: string, newRole: Role | null) {
  if (newRole === 'admin') return;
  const admins = await db
    .selectFrom('users')
    .select('id')
    .where('account_id', '=', accountId)
    .where('role', '=', 'admin')
    .execute();
  if (admins.length === 1 && admins[0]!.id === id) {
    throw conflict('An account keeps at least one admin.', 'last_admin');
  }
}
