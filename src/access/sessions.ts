import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { newId, randomToken } from '../shared/ids.ts';
import type { DB, Role } from '../store/schema.ts';
import type { Principal } from './api-keys.ts';
import { scopesForRole } from './scopes.ts';

/**
 * Browser sessions. The cookie holds a random token; the store keeps only its sha256, so a
 * leaked database does not sign anyone in. Each session has its own CSRF token, which
 * cookie-authenticated writes must echo in the `x-csrf-token` header.
 */
export const SESSION_COOKIE = 'fd_session';
export const SESSION_TTL_MS = 7 * 24 * 3600_000;

const hashToken = (t: string) => createHash('sha256').update(t).digest('hex');

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export interface SessionPrincipal extends Principal {
  via: 'session';
  user: SessionUser;
  csrfToken: string;
}

export async function createSession(
  db: Kysely<DB>,
  who: { userId: string; accountId: string },
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = randomToken(43);
  const csrfToken = randomToken(32);
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await db
    .insertInto('sessions')
    .values({
      id: newId('ses'),
      account_id: who.accountId,
      user_id: who.userId,
      token_hash: hashToken(token),
      csrf_token: csrfToken,
      expires_at: expiresAt,
    })
    .execute();
  return { token, csrfToken, expiresAt };
}

/** The caller for a session cookie, with the scopes of the user's role today, or null. */
export async function authenticateSession(db: Kysely<DB>, token: string): Promise<SessionPrincipal | null> {
  if (!/^[A-Za-z0-9]{43}$/.test(token)) return null;
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id',
      'sessions.account_id',
      'sessions.csrf_token',
      'sessions.expires_at',
      'users.id as user_id',
      'users.email',
      'users.name',
      'users.role',
    ])
    .where('sessions.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || row.expires_at.getTime() <= Date.now()) return null;
  return {
    accountId: row.account_id,
    keyId: row.id,
    via: 'session',
    scopes: new Set(scopesForRole(row.role)),
    user: { id: row.user_id, email: row.email, name: row.name, role: row.role },
    csrfToken: row.csrf_token,
  };
}

export async function deleteSession(db: Kysely<DB>, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Drops expired sessions (run by maintenance or at sign-in). */
export async function pruneSessions(db: Kysely<DB>): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', new Date()).execute();
}
