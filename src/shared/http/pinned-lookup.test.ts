import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { OutboundError } from './errors.ts';
import { createPinnedLookup } from './pinned-lookup.ts';
import type { Resolver } from './resolve.ts';

function callLookup(
  lookup: ReturnType<typeof createPinnedLookup>,
  all: boolean,
): Promise<{ error: Error | null; address: string | LookupAddress[] }> {
  return new Promise((resolve) => {
    lookup('rebind.example', { all }, (error, address) => resolve({ error, address }));
  });
}

describe('pinned lookup', () => {
  it('connects to the address it checked: a rebinding resolver gets one question per connection', async () => {
    const answers = ['93.184.216.34', '127.0.0.1'];
    let calls = 0;
    const resolve: Resolver = async () => [{ address: answers[calls++] ?? '127.0.0.1', family: 4 }];
    const lookup = createPinnedLookup(resolve);

    const first = await callLookup(lookup, false);
    expect(first.error).toBeNull();
    expect(first.address).toBe('93.184.216.34');
    expect(calls).toBe(1);

    // The next connection asks again and the private answer is refused, never connected to.
    const second = await callLookup(lookup, true);
    expect(second.error).toBeInstanceOf(OutboundError);
    expect((second.error as OutboundError).errorClass).toBe('blocked_address');
    expect(calls).toBe(2);
  });

  it('returns every checked address when net asks for all (happy eyeballs)', async () => {
    const lookup = createPinnedLookup(async () => [
      { address: '2606:4700::1111', family: 6 },
      { address: '93.184.216.34', family: 4 },
    ]);
    const result = await callLookup(lookup, true);
    expect(result.address).toEqual([
      { address: '2606:4700::1111', family: 6 },
      { address: '93.184.216.34', family: 4 },
    ]);
  });

  it('reports a name with no addresses as not found', async () => {
    const result = await callLookup(
      createPinnedLookup(async () => []),
      false,
    );
    expect((result.error as NodeJS.ErrnoException).code).toBe('ENOTFOUND');
  });
});
