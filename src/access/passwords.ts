import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { invalid, notFound } from '../shared/errors.ts';
import type { DB } from '../store/schema.ts';

/**
 * Passwords hashed with scrypt (memory-hard, in Node's crypto: no native addon). The stored
 * form carries its parameters, `scrypt$N$r$p$salt$hash`, so they can be raised later
 * without invalidating existing hashes.
 */
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LEN = 32;
export const MIN_PASSWORD = 10;
export const MAX_PASSWORD = 200;

function derive(password: string, salt: Buffer, o: { N: number; r: number; p: number }): Promise<Buffer> {
  const opts: ScryptOptions = { N: o.N, r: o.r, p: o.p, maxmem: 128 * o.N * o.r * 2 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LEN, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD) return `Use at least ${MIN_PASSWORD} characters.`;
  if (password.length > MAX_PASSWORD) return `Use at most ${MAX_PASSWORD} characters.`;
  return null;
}

/** Sets (or replaces) the password of the user with this email; signs out their sessions. */
export async function setPassword(
  db: Kysely<DB>,
  email: string,
  password: string,
): Promise<{ userId: string }> {
  assertStrong(password, 'password');
  const user = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', email.trim().toLowerCase())
    .orderBy('created_at')
    .executeTakeFirst();
  if (!user) throw notFound('A user with this email');
  await setUserPassword(db, user.id, password);
  return { userId: user.id };
}

function assertStrong(password: string, path: string): void {
  const problem = passwordProblem(password);
  if (problem) throw invalid('The password is too weak.', [{ path, message: problem }]);
}

/** Stores a user's new password hash and ends every session they have. */
export async function setUserPassword(db: Kysely<DB>, userId: string, password: string, path = 'password') {
  assertStrong(password, path);
  const hash = await hashPassword(password);
  await db
    .insertInto('user_passwords')
    .values({ user_id: userId, hash })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ hash, updated_at: new Date() }))
    .execute();
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** Whether this is the user's current password. */
export async function isUserPassword(db: Kysely<DB>, userId: string, password: string): Promise<boolean> {
  const row = await db
    .selectFrom('user_passwords')
    .select('hash')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ? verifyPassword(password, row.hash) : false;
}

// A fixed hash to verify against when the email is unknown, so timing does not reveal users.
let dummyHash: Promise<string> | undefined;

/** The user for an email and password, or null; same work whether or not the user exists. */
export async function checkPassword(
  db: Kysely<DB>,
  email: string,
  password: string,
): Promise<{ userId: string; accountId: string } | null> {
  // The same email may be a user in several accounts; the password picks the one.
  const rows = await db
    .selectFrom('users')
    .innerJoin('user_passwords', 'user_passwords.user_id', 'users.id')
    .select(['users.id', 'users.account_id', 'user_passwords.hash'])
    .where('users.email', '=', email.trim().toLowerCase())
    .orderBy('users.created_at')
    .execute();
  if (rows.length === 0) {
    dummyHash ??= hashPassword('not a password at all');
    await verifyPassword(password, await dummyHash);
    return null;
  }
  for (const row of rows) {
    if (await verifyPassword(password, row.hash)) return { userId: row.id, accountId: row.account_id };
  }
  return null;
}
