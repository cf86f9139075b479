import type { EventBus } from '../events/bus.ts';
import { perDatabaseCache } from '../shared/per-db-cache.ts';
import type { Principal } from './api-keys.ts';

/**
 * API keys are checked on every request but change rarely: a verified key's principal is
 * kept for a short while, per database (a process serves one; tests run several). Any
 * change to an account's keys or users (revoke, a role change, a deleted user) forgets that
 * account's entries at once in this process and, over the event bus, in every other; the
 * short lifetime bounds a notification lost in transit.
 */
export const KEY_CACHE_MS = 30_000;
const CHANNEL = 'frontdesk.access';
const cache = perDatabaseCache<Principal>(KEY_CACHE_MS);

export const cachedPrincipal = (db: object, hash: string): Principal | undefined => cache.get(db, hash);

export const rememberPrincipal = (db: object, hash: string, principal: Principal): void =>
  cache.set(db, hash, principal);

const forget = (db: object, accountId: string) => cache.deleteWhere(db, (p) => p.accountId === accountId);

/** After a change to the account's keys or users: every process drops what it knew. */
export async function accessChanged(ctx: { db: object; events: EventBus }, accountId: string): Promise<void> {
  forget(ctx.db, accountId);
  await ctx.events.publish(CHANNEL, { accountId });
}

/** After the bus lost its connection (notifications may be missing): start afresh. */
export const forgetAllPrincipals = (db: object) => cache.clear(db);

/** Each process listens for the others' changes. */
export function listenForAccessChanges(db: object, bus: EventBus): Promise<() => Promise<void>> {
  return bus.subscribe(CHANNEL, (p) => {
    const accountId = (p as { accountId?: unknown })?.accountId;
    if (typeof accountId === 'string') forget(db, accountId);
    else forgetAllPrincipals(db);
  });
}
