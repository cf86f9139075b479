import { isPublicAddress, literalAddress } from './address.ts';
import { type DevHosts, isDevHost } from './dev-hosts.ts';
import { OutboundError } from './errors.ts';

export interface CheckedUrl {
  url: URL;
  /** True when the host is an allow-listed dev host: http and private addresses allowed. */
  dev: boolean;
}

/**
 * The checks that can be made before any DNS lookup; run for the first request and for
 * every redirect target. Names are checked again, address by address, at connect time.
 * Ports are not restricted: public APIs on odd ports are common, and the address check is
 * what keeps internal services out.
 */
export function checkOutboundUrl(input: string | URL, devHosts: DevHosts): CheckedUrl {
  let url: URL;
  try {
    url = typeof input === 'string' ? new URL(input) : input;
  } catch {
    throw new OutboundError('invalid_url', 'The URL is not a valid absolute URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new OutboundError('invalid_url', `The URL scheme ${url.protocol} is not allowed; use https.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new OutboundError('invalid_url', 'Credentials in the URL are not allowed; use a connection.');
  }
  if (isDevHost(devHosts, url)) return { url, dev: true };
  // Literal IPs never reach the DNS `lookup` hook, so they are judged here.
  const literal = literalAddress(url.hostname);
  if (literal !== undefined && !isPublicAddress(literal)) {
    throw new OutboundError('blocked_address', `The address ${url.hostname} is not a public address.`);
  }
  if (url.protocol !== 'https:') {
    throw new OutboundError(
      'invalid_url',
      `Only https URLs are allowed (${url.host} is not in the dev hosts list).`,
    );
  }
  return { url, dev: false };
}
