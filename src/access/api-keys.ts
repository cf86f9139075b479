import { createHash, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError, forbidden, notFound } from '../shared/errors.ts';
import { newId, randomToken } from '../shared/ids.ts';
import { toJson } from '../store/json.ts';
import type { ApiKeyRow, DB } from '../store/schema.ts';
import { cachedPrincipal, rememberPrincipal } from './key-cache.ts';
import { type Scope, scopesForRole } from './scopes.ts';

/**
 * API keys look like `fdk_AbCd1234_<40 letters/digits>`. The first part is the visible
 * prefix (shown in lists and logs); only a sha256 of the whole key is stored — keys are
 * 238 random bits, so a fast hash is as strong as a slow one here.
 */
const KEY_RE = /^fdk_([A-Za-z0-9]{8})_([A-Za-z0-9]{32,})$/;

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface Principal {
  accountId: string;
  /** The API key's id, or the session's id for a browser session. */
  keyId: string;
  scopes: ReadonlySet<string>;
  /** How the caller signed in: routes only a person may call (OAuth callbacks) require 'session'. */
  via: 'key' | 'session';
}

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

export const toApiKeyView = (r: ApiKeyRow): ApiKeyView => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  scopes: r.scopes,
  createdAt: r.created_at.toISOString(),
  lastUsedAt: r.last_used_at?.toISOString() ?? null,
  revokedAt: r.revoked_at?.toISOString() ?? null,
});

export function generateApiKey(): string {
  return `fdk_${randomToken(8)}_${randomToken(40)}`;
}

export async function createApiKey(
  db: Kysely<DB>,
  input: { accountId: string; name: string; scopes: Scope[]; createdBy?: string | null; key?: string },
): Promise<{ key: string; view: ApiKeyView }> {
  const key = input.key ?? generateApiKey();
  const m = KEY_RE.exec(key);
  if (!m)
    throw new AppError('invalid', 'invalid', 'Malformed API key.', [{ path: 'key', message: 'bad format' }]);
  const row = await db
    .insertInto('api_keys')
    .values({
      id: newId('key'),
      account_id: input.accountId,
      name: input.name,
      prefix: `fdk_${m[1]}`,
      hash: hashKey(key),
      scopes: toJson([...new Set(input.scopes)].sort()),
      created_by: input.createdBy ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { key, view: toApiKeyView(row) };
}

/** Returns the caller for a presented key, or null. Records last use at most once a minute. */
export async function authenticateKey(db: Kysely<DB>, presented: string): Promise<Principal | null> {
  if (!KEY_RE.test(presented)) return null;
  const hash = hashKey(presented);
  const cached = cachedPrincipal(db, hash);
  if (cached) return cached;
  const row = await db
    .selectFrom('api_keys')
    .leftJoin('users', 'users.id', 'api_keys.created_by')
    .select([
      'api_keys.id',
      'api_keys.account_id',
      'api_keys.scopes',
      'api_keys.hash',
      'api_keys.revoked_at',
      'api_keys.last_used_at',
      'users.role',
    ])
    .where('api_keys.hash', '=', hash)
    .executeTakeFirst();
  if (!row || row.revoked_at) return null;
  // The lookup is by hash; the compare is belt and braces against a future non-unique index.
  if (!timingSafeEqual(Buffer.from(row.hash), Buffer.from(hash))) return null;
  const now = Date.now();
  if (!row.last_used_at || now - row.last_used_at.getTime() > 60_000) {
    await db
      .updateTable('api_keys')
      .set({ last_used_at: new Date(now) })
      .where('id', '=', row.id)
      .execute();
  }
  // A user's key can never do more than the user's role allows today (roles can change).
  const allowed = row.role ? new Set<string>(scopesForRole(row.role)) : null;
  const scopes = allowed ? row.scopes.filter((s) => allowed.has(s)) : row.scopes;
  const principal: Principal = {
    accountId: row.account_id,
    keyId: row.id,
    scopes: new Set(scopes),
    via: 'key',
  };
  rememberPrincipal(db, hash, principal);
  return principal;
}

export async function listApiKeys(db: Kysely<DB>, accountId: string): Promise<ApiKeyView[]> {
  const rows = await db
    .selectFrom('api_keys')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toApiKeyView);
}

export async function revokeApiKey(db: Kysely<DB>, accountId: string, id: string): Promise<ApiKeyView> {
  const row = await db
    .updateTable('api_keys')
    .set({ revoked_at: new Date() })
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (row) return toApiKeyView(row);
  const existing = await db
    .selectFrom('api_keys')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!existing) throw notFound('API key');
  return toApiKeyView(existing);
}

/** A key may only hand out scopes it holds itself, so keys cannot escalate. */
export function assertGrantable(caller: Principal, scopes: readonly string[]): void {
  const missing = scopes.filter((s) => !caller.scopes.has(s));
  if (missing.length) {
    throw forbidden(
      `This key cannot grant scopes it does not hold: ${missing.join(', ')}.`,
      'scope_not_grantable',
    );
  }
}
