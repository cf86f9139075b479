import ipaddr from 'ipaddr.js';

// Global unicast IPv6 space (RFC 4291 §2.4). ipaddr.js calls everything it has no name for
// "unicast", including IPv4-compatible `::a.b.c.d` and other unassigned space, so IPv6
// must also sit inside 2000::/3 to count as public.
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');

/**
 * True only for a globally routable unicast address. Loopback, private, link-local
 * (cloud metadata), CGNAT, unspecified, unique-local, multicast, broadcast, reserved,
 * documentation and the NAT64/6to4/Teredo forms that embed IPv4 are all refused.
 * IPv4-mapped IPv6 (`::ffff:7f00:1`) is unwrapped first, so it is judged as the IPv4
 * address it really is.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  if (parsed.range() !== 'unicast') return false;
  if (parsed instanceof ipaddr.IPv6) return parsed.match(GLOBAL_UNICAST_V6);
  return true;
}

/**
 * The IP address a URL hostname names literally, or undefined for a DNS name. Expects a
 * WHATWG-normalised hostname: `URL` already rewrites `0x7f.1`, `2130706433` and `127.1` to
 * `127.0.0.1`, and keeps IPv6 in brackets.
 */
export function literalAddress(hostname: string): string | undefined {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  if (bare.includes(':')) return ipaddr.IPv6.isValid(bare) ? bare : undefined;
  return ipaddr.IPv4.isValidFourPartDecimal(bare) ? bare : undefined;
}
