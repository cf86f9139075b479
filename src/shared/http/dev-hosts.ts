/**
 * Hosts an administrator allows for local development (`FRONTDESK_DEV_HOSTS`): for these
 * exactly, plain http and private/loopback addresses are accepted. An entry is `host` (any
 * port) or `host:port` (that port only); IPv6 in brackets, `[::1]:8080`. Matching is on the
 * URL's host as written (after WHATWG normalisation), never on what it resolves to, so
 * `localhost:3000` does not open `127.0.0.1:3000`, nor `localhost:3001`.
 */
export interface DevHostEntry {
  hostname: string;
  port: number | undefined;
}

export type DevHosts = readonly DevHostEntry[];

const ENTRY = /^(\[[0-9a-fA-F:.]+\]|[^:/\s[\]]+)(?::(\d{1,5}))?$/;

export function parseDevHosts(value: string | readonly string[] | DevHosts | undefined): DevHosts {
  if (value === undefined) return [];
  if (typeof value !== 'string' && value.every((v) => typeof v === 'object')) return value as DevHosts;
  const raw = typeof value === 'string' ? value.split(',') : (value as readonly string[]);
  const entries: DevHostEntry[] = [];
  for (const item of raw) {
    const text = item
      .trim()
      .replace(/^https?:\/\//i, '')
      .replace(/\/+$/, '');
    if (text === '') continue;
    const match = ENTRY.exec(text);
    if (!match) throw new Error(`Invalid dev host entry "${text}": expected host or host:port.`);
    let hostname: string;
    try {
      // Normalise exactly as request URLs will be (case, IDN, `127.1` → `127.0.0.1`).
      hostname = new URL(`http://${match[1]}`).hostname;
    } catch {
      throw new Error(`Invalid dev host entry "${text}": not a host name.`);
    }
    const port = match[2] === undefined ? undefined : Number(match[2]);
    if (port !== undefined && (port < 1 || port > 65535)) {
      throw new Error(`Invalid dev host entry "${text}": port out of range.`);
    }
    entries.push({ hostname, port });
  }
  return entries;
}

export function effectivePort(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'http:' ? 80 : 443;
}

export function isDevHost(devHosts: DevHosts, url: URL): boolean {
  if (devHosts.length === 0) return false;
  const port = effectivePort(url);
  return devHosts.some((e) => e.hostname === url.hostname && (e.port === undefined || e.port === port));
}
