import type { Kysely } from 'kysely';
import type { Keyring } from '../secrets/keyring.ts';
import { conflict, invalid, notFound } from '../shared/errors.ts';
import { newId, randomToken } from '../shared/ids.ts';
import { toJson } from '../store/json.ts';
import type { ChannelRow, DB } from '../store/schema.ts';
import { channelChanged } from './channel-cache.ts';
import { CHANNEL_TYPES, type ChannelType, completeSecrets, validateChannelConfig } from './channel-config.ts';
import { assertAddressesFree } from './email/repository.ts';

/**
 * Channels (E1): public config as JSON, secrets sealed by the keyring (bound to the row),
 * write-only. Create returns every secret once; rotating returns the new ones once.
 * Webhook and widget code loads a channel without an account through `loadChannel*`.
 */
export interface ChannelView {
  id: string;
  type: ChannelType;
  name: string;
  publicId: string | null;
  config: Record<string, unknown>;
  secretsSet: string[];
  createdAt: string;
  updatedAt: string;
}

export interface ChannelInput {
  type: string;
  name: string;
  config?: Record<string, unknown> | undefined;
  secrets?: Record<string, string> | undefined;
}

const context = (id: string) => `channel:${id}`;

function openSecrets(row: ChannelRow, keyring: Keyring): Record<string, string> {
  return row.secrets ? JSON.parse(keyring.open(row.secrets, context(row.id))) : {};
}

export function toChannelView(row: ChannelRow, keyring: Keyring): ChannelView {
  return {
    id: row.id,
    type: row.type as ChannelType,
    name: row.name,
    publicId: row.public_id,
    config: row.config,
    secretsSet: Object.keys(openSecrets(row, keyring)).sort(),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function listChannels(db: Kysely<DB>, keyring: Keyring, accountId: string) {
  const rows = await db
    .selectFrom('channels')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => toChannelView(r, keyring));
}

/** By id or by name (config files refer to channels by name). */
export async function findChannelRow(db: Kysely<DB>, accountId: string, idOrName: string) {
  const row = await db
    .selectFrom('channels')
    .selectAll()
    .where('account_id', '=', accountId)
    .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
    .executeTakeFirst();
  if (!row) throw notFound('Channel');
  return row;
}

async function assertNameFree(db: Kysely<DB>, accountId: string, name: string, except?: string) {
  let q = db.selectFrom('channels').select('id').where('account_id', '=', accountId).where('name', '=', name);
  if (except) q = q.where('id', '!=', except);
  if (await q.executeTakeFirst()) {
    throw conflict(`A channel named "${name}" already exists.`, 'duplicate', [
      { path: 'name', message: 'taken' },
    ]);
  }
}

export async function createChannel(
  db: Kysely<DB>,
  keyring: Keyring,
  accountId: string,
  input: ChannelInput,
): Promise<{ channel: ChannelView; secrets: Record<string, string> }> {
  const v = validateChannelConfig(input.type, input.config, input.secrets);
  await assertNameFree(db, accountId, input.name);
  if (v.type === 'email') await assertAddressesFree(db, v.config['addresses'] as string[]);
  const { secrets } = completeSecrets(v.type, v.secrets);
  const id = newId('chn');
  const row = await db
    .insertInto('channels')
    .values({
      id,
      account_id: accountId,
      type: v.type,
      name: input.name,
      public_id: CHANNEL_TYPES[v.type].publicId ? `lc_${randomToken(24)}` : null,
      config: toJson(v.config),
      secrets: Object.keys(secrets).length ? keyring.seal(JSON.stringify(secrets), context(id)) : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { channel: toChannelView(row, keyring), secrets };
}

/**
 * PATCH: `name` and `config` replace; `secrets` replaces the fields it names; `rotate`
 * generates new values for the fields it names. The type cannot change.
 */
export async function updateChannel(
  db: Kysely<DB>,
  keyring: Keyring,
  accountId: string,
  idOrName: string,
  patch: {
    type?: string;
    name?: string;
    config?: Record<string, unknown>;
    secrets?: Record<string, string>;
    rotate?: string[];
  },
): Promise<{ channel: ChannelView; secrets: Record<string, string> }> {
  const row = await findChannelRow(db, accountId, idOrName);
  if (patch.type !== undefined && patch.type !== row.type) {
    throw conflict("A channel's type cannot change; create a new channel.", 'immutable_field', [
      { path: 'type', message: 'cannot change' },
    ]);
  }
  const v = validateChannelConfig(row.type, patch.config ?? row.config, patch.secrets);
  const type = v.type;
  const unknown = (patch.rotate ?? []).filter((f) => !Object.hasOwn(CHANNEL_TYPES[type].secrets, f));
  if (unknown.length) {
    throw invalid('Only secret fields can be rotated.', [
      { path: 'rotate', message: `unknown secret field: ${unknown.join(', ')}` },
    ]);
  }
  if (patch.name !== undefined) await assertNameFree(db, accountId, patch.name, row.id);
  if (type === 'email') await assertAddressesFree(db, v.config['addresses'] as string[], row.id);
  const stored = openSecrets(row, keyring);
  const { secrets, generated } = completeSecrets(type, { ...stored, ...v.secrets }, patch.rotate ?? []);
  const updated = await db
    .updateTable('channels')
    .set({
      name: patch.name ?? row.name,
      config: toJson(v.config),
      secrets: Object.keys(secrets).length ? keyring.seal(JSON.stringify(secrets), context(row.id)) : null,
      updated_at: new Date(),
    })
    .where('id', '=', row.id)
    .where('account_id', '=', accountId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await channelChanged(db, row.id);
  // Only values the server made up are returned (once); given ones the caller already knows.
  const shown = Object.fromEntries(generated.map((f) => [f, secrets[f]!]));
  return { channel: toChannelView(updated, keyring), secrets: shown };
}

export async function deleteChannel(db: Kysely<DB>, accountId: string, idOrName: string): Promise<void> {
  const row = await findChannelRow(db, accountId, idOrName);
  await db.deleteFrom('channels').where('id', '=', row.id).where('account_id', '=', accountId).execute();
  await channelChanged(db, row.id);
}

/** The stored secrets of a channel, for apply (to compare) and for channel adapters. */
export const channelSecrets = (row: ChannelRow, keyring: Keyring) => openSecrets(row, keyring);

/** A channel with its secrets, by id, for webhook routes that authenticate by the channel's own key. */
export async function loadChannel(db: Kysely<DB>, keyring: Keyring, channelId: string) {
  const row = await db.selectFrom('channels').selectAll().where('id', '=', channelId).executeTakeFirst();
  return row ? { row, view: toChannelView(row, keyring), secrets: openSecrets(row, keyring) } : undefined;
}

/** A livechat channel by the public id a page embeds (`data-channel`). */
export async function loadChannelByPublicId(db: Kysely<DB>, keyring: Keyring, publicId: string) {
  const row = await db
    .selectFrom('channels')
    .selectAll()
    .where('public_id', '=', publicId)
    .executeTakeFirst();
  return row ? { row, view: toChannelView(row, keyring), secrets: openSecrets(row, keyring) } : undefined;
}
