/**
 * Hosts an administrator allows for local development (`FRONTDESK_DEV_HOSTS`): for these
 * exactly, plain http and private/loopback addresses are accepted. An entry is `host` (any
 * port) or `host:port` (that port only); IPv6 in brackets, `[::1]:8080`. Matching is on the
 * URL's host as written (after WHATWG normalisation), never on what it resolves to, so
 * `localhost:3000` does not open `127.0.0.1:3000`, nor `localhost:3001`.
 *
 * An entry may end in a path (`127.0.0.1:3000/demo-store/api`): then only URLs under that
 * path are allowed. The demo uses this so its actions reach the demo store but never the
 * rest of the server (`/metrics`, `/api/v1`).
 */
export interface DevHostEntry {
  hostname: string;
  port: number | undefined;
  /** Path prefix without a trailing slash; undefined means any path. */
  path?: string | undefined;
}

export type DevHosts = readonly DevHostEntry[];

const ENTRY = /^(\[[0-9a-fA-F:.]+\]|[^:/\s[\]]+)(?::(\d{1,5}))?(\/[^\s?#%\\]*)?$/;

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
    entries.push(match[3] === undefined ? { hostname, port } : { hostname, port, path: match[3] });
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
  return devHosts.some(
    (e) =>
      e.hostname === url.hostname &&
      (e.port === undefined || e.port === port) &&
      underPath(e.path, url.pathname),
  );
}

// Encoded dots, slashes and backslashes could be decoded by the receiving server into a
// path outside the prefix; a path-scoped entry refuses them outright.
const ENCODED_SEPARATOR = /%(2e|2f|5c)/i;

function underPath(prefix: string | undefined, pathname: string): boolean {
  if (prefix === undefined) return true;
  if (ENCODED_SEPARATOR.test(pathname) || pathname.includes('\\')) return false;
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}
