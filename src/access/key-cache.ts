import type { EventBus } from '../events/bus.ts';
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
type Entries = Map<string, { principal: Principal; until: number }>;
const caches = new WeakMap<object, Entries>();

function entriesOf(db: object): Entries {
  let entries = caches.get(db);
  if (!entries) {
    entries = new Map();
    caches.set(db, entries);
  }
  return entries;
}

export function cachedPrincipal(db: object, hash: string): Principal | undefined {
  const entries = entriesOf(db);
  const hit = entries.get(hash);
  if (!hit) return undefined;
  if (hit.until < Date.now()) {
    entries.delete(hash);
    return undefined;
  }
  return hit.principal;
}

export function rememberPrincipal(db: object, hash: string, principal: Principal): void {
  const entries = entriesOf(db);
  if (entries.size > 10_000) entries.clear();
  entries.set(hash, { principal, until: Date.now() + KEY_CACHE_MS });
}

function forget(db: object, accountId: string): void {
  const entries = entriesOf(db);
  for (const [hash, e] of entries) if (e.principal.accountId === accountId) entries.delete(hash);
}

/** After a change to the account's keys or users: every process drops what it knew. */
export async function accessChanged(ctx: { db: object; events: EventBus }, accountId: string): Promise<void> {
  forget(ctx.db, accountId);
  await ctx.events.publish(CHANNEL, { accountId });
}

/** After the bus lost its connection (notifications may be missing): start afresh. */
export const forgetAllPrincipals = (db: object) => entriesOf(db).clear();

/** Each process listens for the others' changes. */
export function listenForAccessChanges(db: object, bus: EventBus): Promise<() => Promise<void>> {
  return bus.subscribe(CHANNEL, (p) => {
    const accountId = (p as { accountId?: unknown })?.accountId;
    if (typeof accountId === 'string') forget(db, accountId);
    else forgetAllPrincipals(db);
  });
}
