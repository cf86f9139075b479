import { createHttpClient, type HttpClient } from '../../shared/http/client.ts';
import { type DevHosts, parseDevHosts } from '../../shared/http/dev-hosts.ts';
import type { Resolver } from '../../shared/http/resolve.ts';

const byDevHosts = new Map<string, HttpClient>();
const byResolver = new WeakMap<Resolver, Map<string, HttpClient>>();

/**
 * One long-lived client per (dev hosts, resolver), so actions reuse kept-alive connections
 * instead of opening a socket per call.
 */
export function sharedHttpClient(
  devHosts: string | readonly string[] | DevHosts | undefined,
  resolve?: Resolver,
): HttpClient {
  const key = typeof devHosts === 'string' ? devHosts : JSON.stringify(devHosts ?? []);
  let clients = byDevHosts;
  if (resolve) {
    clients = byResolver.get(resolve) ?? new Map();
    byResolver.set(resolve, clients);
  }
  let client = clients.get(key);
  if (!client) {
    client = createHttpClient({ devHosts: parseDevHosts(devHosts), ...(resolve ? { resolve } : {}) });
    clients.set(key, client);
  }
  return client;
}

/** Closes the clients made without an injected resolver (process shutdown). */
export async function closeSharedHttpClients(): Promise<void> {
  const all = [...byDevHosts.values()];
  byDevHosts.clear();
  await Promise.all(all.map((c) => c.close()));
}
