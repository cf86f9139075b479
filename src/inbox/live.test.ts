import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { silentLogger, waitFor } from '../../test/support/processes.ts';
import { createEventBus, type EventBus } from '../events/bus.ts';
import { type DomainEvent, publishEvents } from '../events/domain.ts';
import { type Database, openDatabase } from '../store/database.ts';
import { InboxLive, type LiveClient } from './live.ts';

/** The per-process fan-out on a real bus (PGlite): account scoping, removal, heartbeats, close. */
describe('inbox live fan-out', () => {
  let tdb: TestDatabase;
  let database: Database;
  let bus: EventBus;

  beforeEach(async () => {
    tdb = await createTestDatabase('pglite');
    database = await openDatabase({ dataDir: tdb.dataDir! });
    bus = createEventBus(database, { logger: silentLogger });
  });
  afterEach(async () => {
    await bus.close();
    await database.close();
    await tdb.drop();
  });

  const client = (accountId: string) => {
    const c = { accountId, got: [] as DomainEvent[], beats: 0, ended: false } as LiveClient & {
      got: DomainEvent[];
      beats: number;
      ended: boolean;
    };
    c.send = (e) => c.got.push(e);
    c.heartbeat = () => c.beats++;
    c.end = () => {
      c.ended = true;
    };
    return c;
  };
  const note = (accountId: string, noteId: string): DomainEvent => ({
    name: 'note.added',
    accountId,
    conversationId: 'cnv_1',
    noteId,
  });

  it('sends each client its own account’s events only, until it is removed', async () => {
    const live = new InboxLive(bus, 60_000);
    const a = client('acc_a');
    const b = client('acc_b');
    const removeA = await live.add(a);
    await live.add(b);
    await publishEvents(bus, [note('acc_a', 'n1'), note('acc_b', 'n2')], () => {});
    await waitFor(() => b.got.length === 1, 'b’s event');
    await waitFor(() => a.got.length === 1, 'a’s event');
    expect(a.got.map((e) => e.accountId)).toEqual(['acc_a']);
    removeA();
    expect(live.size).toBe(1);
    await publishEvents(bus, [note('acc_a', 'n3'), note('acc_b', 'n4')], () => {});
    await waitFor(() => b.got.length === 2, 'b’s second event');
    expect(a.got).toHaveLength(1);
    await live.close();
    expect([a.ended, b.ended, live.size]).toEqual([false, true, 0]);
    await expect(live.add(client('acc_a'))).rejects.toThrow(/shutting down/);
  });

  it('sends heartbeats while clients are open', async () => {
    const live = new InboxLive(bus, 20);
    const a = client('acc_a');
    await live.add(a);
    await waitFor(() => a.beats >= 2, 'two heartbeats');
    await live.close();
  });
});
