import type { EventBus } from '../events/bus.ts';
import type { Principal } from './api-keys.ts';

/**
 * API keys are checked on every request but change rarely: a verified key's principal is
 * kept for a short while. Any change to an account's keys or users (revoke, a role
 * change, a deleted user) forgets that account's entries at once in this process and, over
 * the event bus, in every other; the short lifetime bounds a notification lost in transit.
 */
export const KEY_CACHE_MS = 30_000;
const CHANNEL = 'frontdesk.access';
const entries = new Map<string, { principal: Principal; until: number }>();

export function cachedPrincipal(hash: string): Principal | undefined {
  const hit = entries.get(hash);
  if (!hit) return undefined;
  if (hit.until < Date.now()) {
    entries.delete(hash);
    return undefined;
  }
  return hit.principal;
}

export function rememberPrincipal(hash: string, principal: Principal): void {
  if (entries.size > 10_000) entries.clear();
  entries.set(hash, { principal, until: Date.now() + KEY_CACHE_MS });
}

function forget(accountId: string): void {
  for (const [hash, e] of entries) if (e.principal.accountId === accountId) entries.delete(hash);
}

/** After a change to the account's keys or users: every process drops what it knew. */
export async function accessChanged(bus: EventBus, accountId: string): Promise<void> {
  forget(accountId);
  await bus.publish(CHANNEL, { accountId });
}

/** After the bus lost its connection (notifications may be missing): start afresh. */
export const forgetAllPrincipals = () => entries.clear();

/** Each process listens for the others' changes. */
export function listenForAccessChanges(bus: EventBus): Promise<() => Promise<void>> {
  return bus.subscribe(CHANNEL, (p) => {
    const accountId = (p as { accountId?: unknown })?.accountId;
    if (typeof accountId === 'string') forget(accountId);
    else entries.clear();
  });
}
