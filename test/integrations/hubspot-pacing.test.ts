import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubspotFailure } from '../../src/integrations/hubspot/errors.ts';
import { DatabasePacing, LIMITS, MemoryPacing, type Pacing } from '../../src/integrations/hubspot/pacer.ts';
import { createHubSpotSdk } from '../../src/integrations/hubspot/sdk.ts';
import { HubSpotTransport } from '../../src/integrations/hubspot/transport.ts';
import { createHttpClient, type HttpClient } from '../../src/shared/http/client.ts';
import { type Database, openDatabase } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { type HubSpotStandIn, startHubSpotStandIn } from '../support/hubspot/server.ts';

/**
 * HubSpot's per-account limits are paced in one place for every process (contracts §1.7):
 * two clients on their own database connections (on PostgreSQL, two pools: what two
 * server processes have) share one budget and one Retry-After hold.
 */
const { max, windowMs } = LIMITS.search;

/** Booked starts, sorted, break the limit when some `max + 1` of them fit in one window. */
const overLimit = (ats: number[]) => {
  const s = [...ats].sort((a, b) => a - b);
  return s.some((at, i) => i + max < s.length && s[i + max]! - at < windowMs);
};

async function burst(pacers: Pacing[], account: string, n: number): Promise<number[]> {
  const all = await Promise.all(
    Array.from({ length: n }, (_, i) => pacers[i % pacers.length]!.reserve(account, ['burst', 'search'])),
  );
  return all.map((r) => r.at);
}

describe.each(backends)('HubSpot pacing across processes on %s', (kind) => {
  let testDb: TestDatabase;
  let one: Database;
  let two: Database;
  let hs: HubSpotStandIn;
  let http: HttpClient;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    one = await openDatabase({ url: testDb.url, dataDir: testDb.dataDir });
    await migrateToLatest(one.db as never);
    // PGlite is one process by construction: the second client shares its handle, not its pacer.
    two = kind === 'pg' ? await openDatabase({ url: testDb.url }) : one;
    hs = await startHubSpotStandIn();
    http = createHttpClient({ devHosts: hs.host });
  });
  afterAll(async () => {
    await http?.close();
    await hs?.close();
    if (two !== one) await two?.close();
    await one?.close();
    await testDb?.drop();
  });

  it('pacers in separate processes would each let a full window through (the failure this prevents)', async () => {
    expect(overLimit(await burst([new MemoryPacing(), new MemoryPacing()], 'acct-mem', 2 * max))).toBe(true);
  });

  it('two clients share one search budget: no window ever holds more than 5 starts', async () => {
    const ats = await burst([new DatabasePacing(one.db), new DatabasePacing(two.db)], 'acct-1', 3 * max);
    expect(ats).toHaveLength(3 * max);
    expect(overLimit(ats)).toBe(false);
  });

  it("a Retry-After one client got holds the other client's next request", async () => {
    await new DatabasePacing(one.db).hold('acct-2', 'burst', 5_000);
    const { waitMs } = await new DatabasePacing(two.db).reserve('acct-2', ['burst']);
    expect(waitMs).toBeGreaterThan(3_000);
    // Other accounts are not held.
    expect((await new DatabasePacing(two.db).reserve('acct-3', ['burst'])).waitMs).toBe(0);
  });

  it('through the SDK: two clients searching at once all succeed within the stand-in limit', async () => {
    hs.resetRateLimits();
    const client = (db: Database) =>
      createHubSpotSdk({
        baseUrl: hs.url,
        accessToken: hs.issueToken(),
        transport: new HubSpotTransport({ http, pacing: new DatabasePacing(db.db), account: 'acct-4' }),
      });
    const [a, b] = [client(one), client(two)];
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 ? a : b).crm.objects.searchApi
          .doSearch('contacts', { limit: 1 })
          .catch((e) => hubspotFailure(e).code),
      ),
    );
    expect(results.every((r) => typeof r === 'object')).toBe(true);
  });
});
