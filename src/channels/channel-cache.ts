import { type Kysely, sql } from 'kysely';
import type { EventBus } from '../events/bus.ts';
import type { Keyring } from '../secrets/keyring.ts';
import { perDatabaseCache } from '../shared/per-db-cache.ts';
import type { DB } from '../store/schema.ts';
import { loadChannel } from './repository.ts';

/**
 * Webhook routes authenticate every inbound message by its channel's key, but channels
 * change rarely: a loaded channel (row and opened secrets) is kept for a short while, per
 * database (a process serves one; tests run several). A change to a channel (update, key
 * rotation, delete) forgets it at once in this process and, by a NOTIFY sent on the
 * database itself, in every other; the short lifetime bounds a notification lost in transit.
 * Unknown ids are not kept, so a new channel works at once.
 */
export const CHANNEL_CACHE_MS = 30_000;
const CHANNEL = 'frontdesk.channels';
export type Loaded = NonNullable<Awaited<ReturnType<typeof loadChannel>>>;
const cache = perDatabaseCache<Loaded>(CHANNEL_CACHE_MS);

/** `loadChannel`, through the cache. */
export async function loadChannelCached(
  db: Kysely<DB>,
  keyring: Keyring,
  channelId: string,
): Promise<Loaded | undefined> {
  const hit = cache.get(db, channelId);
  if (hit) return hit;
  const channel = await loadChannel(db, keyring, channelId);
  if (channel) cache.set(db, channelId, channel);
  return channel;
}

/**
 * The channel a webhook or a delivery names, when it is of the type expected; otherwise
 * undefined, the same for an unknown id and another type's, so ids cannot be probed.
 */
export async function loadChannelOfType(
  db: Kysely<DB>,
  keyring: Keyring,
  channelId: string | null,
  type: string,
): Promise<Loaded | undefined> {
  const channel = channelId ? await loadChannelCached(db, keyring, channelId) : undefined;
  return channel?.row.type === type ? channel : undefined;
}

/** After a channel changed or was deleted: this process forgets it now, the others on notice. */
export async function channelChanged(db: Kysely<DB>, channelId: string): Promise<void> {
  cache.delete(db, channelId);
  await sql`select pg_notify(${CHANNEL}, ${JSON.stringify({ channelId })})`.execute(db);
}

/** After the bus lost its connection (notifications may be missing): start afresh. */
export const forgetAllChannels = (db: object) => cache.clear(db);

/** Each process listens for the others' changes. */
export function listenForChannelChanges(db: object, bus: EventBus): Promise<() => Promise<void>> {
  return bus.subscribe(CHANNEL, (p) => {
    const channelId = (p as { channelId?: unknown })?.channelId;
    if (typeof channelId === 'string') cache.delete(db, channelId);
    else forgetAllChannels(db);
  });
}
