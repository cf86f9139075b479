import { type Kysely, sql } from 'kysely';
import type { Keyring } from '../secrets/keyring.ts';
import { conflict, invalid, notFound } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { toJson } from '../store/json.ts';
import type { ConnectionRow, DB } from '../store/schema.ts';
import {
  type ConnectionDefinition,
  type ConnectionSecrets,
  type ResolvedConnection,
  validateConnectionDefinition,
  validateConnectionInput,
  validateConnectionSecrets,
} from './definition.ts';

/**
 * Connections persist their public definition as JSON and their secrets sealed by the
 * keyring (bound to the row id). Secrets are write-only: nothing here returns them except
 * `resolveConnection`, which the runner uses.
 */
export interface ConnectionView {
  id: string;
  definition: ConnectionDefinition;
  /** Names of the secret fields that are set; never their values. */
  secretsSet: string[];
  createdAt: string;
  updatedAt: string;
}

const context = (id: string) => `connection:${id}`;

function toView(row: ConnectionRow, keyring: Keyring): ConnectionView {
  const secrets = row.secrets ? (JSON.parse(keyring.open(row.secrets, context(row.id))) as object) : {};
  return {
    id: row.id,
    definition: row.definition as ConnectionDefinition,
    secretsSet: Object.keys(secrets).sort(),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export const connectionPublicView = (v: ConnectionView) => ({
  id: v.id,
  ...v.definition,
  secretsSet: v.secretsSet,
  createdAt: v.createdAt,
  updatedAt: v.updatedAt,
});

export async function listConnections(db: Kysely<DB>, keyring: Keyring, accountId: string) {
  const rows = await db
    .selectFrom('connections')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('key')
    .execute();
  return rows.map((r) => toView(r, keyring));
}

async function findRow(db: Kysely<DB>, accountId: string, idOrKey: string): Promise<ConnectionRow> {
  const row = await db
    .selectFrom('connections')
    .selectAll()
    .where('account_id', '=', accountId)
    .where((eb) => eb.or([eb('id', '=', idOrKey), eb('key', '=', idOrKey)]))
    .executeTakeFirst();
  if (!row) throw notFound('Connection');
  return row;
}

export async function getConnection(db: Kysely<DB>, keyring: Keyring, accountId: string, idOrKey: string) {
  return toView(await findRow(db, accountId, idOrKey), keyring);
}

export async function createConnection(
  db: Kysely<DB>,
  keyring: Keyring,
  accountId: string,
  input: unknown,
): Promise<ConnectionView> {
  const { definition, secrets } = validateConnectionInput(input);
  const existing = await db
    .selectFrom('connections')
    .select('id')
    .where('account_id', '=', accountId)
    .where('key', '=', definition.key)
    .executeTakeFirst();
  if (existing) throw conflict(`A connection with key "${definition.key}" already exists.`, 'duplicate_key');
  const id = newId('con');
  const row = await db
    .insertInto('connections')
    .values({
      id,
      account_id: accountId,
      key: definition.key,
      type: definition.type,
      definition: toJson(definition),
      secrets: keyring.seal(JSON.stringify(secrets), context(id)),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toView(row, keyring);
}

/**
 * PATCH: given fields replace the stored ones; `secrets` replaces the secret fields it
 * names and keeps the rest. The type and key cannot change (as in Zendesk).
 */
export async function updateConnection(
  db: Kysely<DB>,
  keyring: Keyring,
  accountId: string,
  idOrKey: string,
  patch: Record<string, unknown>,
): Promise<ConnectionView> {
  const row = await findRow(db, accountId, idOrKey);
  const current = row.definition as ConnectionDefinition;
  const { secrets: secretPatch, ...fields } = patch;
  for (const fixed of ['type', 'key'] as const) {
    if (fields[fixed] !== undefined && fields[fixed] !== current[fixed]) {
      throw conflict(`A connection's ${fixed} cannot change; create a new connection.`, 'immutable_field', [
        { path: fixed, message: 'cannot change' },
      ]);
    }
  }
  const definition = validateConnectionDefinition({ ...current, ...fields });
  // Pointing stored credentials somewhere new needs them typed again, so an editor cannot
  // send a secret they never saw to a host of their choosing.
  const redirects = (['tokenUrl', 'allowedHosts'] as const).filter(
    (f) =>
      JSON.stringify((definition as Record<string, unknown>)[f]) !==
      JSON.stringify((current as Record<string, unknown>)[f]),
  );
  if (redirects.length && secretPatch === undefined) {
    throw invalid(`Changing ${redirects.join(' or ')} needs the secrets again.`, [
      { path: 'secrets', message: `required when ${redirects.join(' or ')} changes` },
    ]);
  }
  const oldSecrets = row.secrets ? JSON.parse(keyring.open(row.secrets, context(row.id))) : {};
  const secrets: ConnectionSecrets =
    secretPatch === undefined
      ? oldSecrets
      : validateConnectionSecrets(definition.type, { ...oldSecrets, ...(secretPatch as object) });
  const updated = await db
    .updateTable('connections')
    .set({
      definition: toJson(definition),
      secrets: keyring.seal(JSON.stringify(secrets), context(row.id)),
      updated_at: new Date(),
    })
    .where('id', '=', row.id)
    .where('account_id', '=', accountId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toView(updated, keyring);
}

export async function deleteConnection(db: Kysely<DB>, accountId: string, idOrKey: string): Promise<void> {
  const row = await findRow(db, accountId, idOrKey);
  const published = await db
    .selectFrom('skills')
    .select(['key', 'definition'])
    .where('account_id', '=', accountId)
    .where('type', '=', 'action')
    .where('status', '=', 'published')
    .execute();
  const using = published.filter(
    (s) => (s.definition as { request?: { connection?: string } }).request?.connection === row.key,
  );
  if (using.length) {
    throw conflict(
      `The connection is used by published actions: ${using.map((u) => u.key).join(', ')}. Unpublish them first.`,
      'connection_in_use',
    );
  }
  await db.deleteFrom('connections').where('id', '=', row.id).where('account_id', '=', accountId).execute();
}

/** The connection with its secrets opened, for the runner only. */
export async function resolveConnection(
  db: Kysely<DB>,
  keyring: Keyring,
  accountId: string,
  key: string,
): Promise<ResolvedConnection | undefined> {
  const row = await db
    .selectFrom('connections')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row) return undefined;
  const secrets = row.secrets ? JSON.parse(keyring.open(row.secrets, context(row.id))) : {};
  return { definition: row.definition as ConnectionDefinition, secrets };
}

/**
 * A connection that carries secrets is bound to hosts (B4). One created without
 * `allowedHosts` is bound, on its first use, to the host of the action using it: from then
 * on a call to any other host is refused before anything is sent. The binding shows in the
 * connection and can be edited (with the secrets typed again). Returns the hosts now bound.
 */
export async function pinAllowedHost(
  db: Kysely<DB>,
  accountId: string,
  key: string,
  hostname: string,
): Promise<string[] | undefined> {
  await db
    .updateTable('connections')
    .set({
      definition: sql`jsonb_set(definition, '{allowedHosts}', ${toJson([hostname])}::jsonb)`,
      updated_at: new Date(),
    })
    .where('account_id', '=', accountId)
    .where('key', '=', key)
    // Only the first use binds: a concurrent first use of another host loses the race.
    .where(sql<boolean>`definition -> 'allowedHosts' is null`)
    .execute();
  const row = await db
    .selectFrom('connections')
    .select('definition')
    .where('account_id', '=', accountId)
    .where('key', '=', key)
    .executeTakeFirst();
  return (row?.definition as ConnectionDefinition | undefined)?.allowedHosts;
}
