import type { LookupAddress, LookupOptions } from 'node:dns';
import { isPublicAddress } from './address.ts';
import { OutboundError } from './errors.ts';
import type { Resolver } from './resolve.ts';

export type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

export type LookupFunction = (hostname: string, options: LookupOptions, callback: LookupCallback) => void;

/**
 * A `net.connect` lookup that resolves once, refuses the whole answer if any address is not
 * public, and hands exactly the checked addresses to the socket. Check and connect use the
 * same answer, so a DNS server cannot swap in a private address between them (rebinding).
 */
export function createPinnedLookup(resolve: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (answer) => {
        if (answer.length === 0) {
          callback(Object.assign(new Error(`${hostname} did not resolve`), { code: 'ENOTFOUND' }), '');
          return;
        }
        const blocked = answer.find((a) => !isPublicAddress(a.address));
        if (blocked) {
          const error = new OutboundError(
            'blocked_address',
            `${hostname} resolves to ${blocked.address}, which is not a public address.`,
          );
          callback(error as unknown as NodeJS.ErrnoException, '');
          return;
        }
        const wanted = options.family === 4 || options.family === 6 ? options.family : undefined;
        const usable = wanted === undefined ? answer : answer.filter((a) => a.family === wanted);
        const first = usable[0];
        if (!first) {
          callback(
            Object.assign(new Error(`${hostname} has no IPv${wanted} address`), { code: 'ENOTFOUND' }),
            '',
          );
          return;
        }
        if (options.all)
          callback(
            null,
            usable.map((a) => ({ address: a.address, family: a.family })),
          );
        else callback(null, first.address, first.family);
      },
      (error: unknown) => callback(error as NodeJS.ErrnoException, ''),
    );
  };
}
