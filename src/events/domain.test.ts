import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backends, createTestDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { silentLogger, waitFor } from '../../test/support/processes.ts';
import { type Database, openDatabase } from '../store/database.ts';
import { createEventBus, type EventBus } from './bus.ts';
import {
  type DomainEvent,
  publishAccountEvent,
  publishEvents,
  publishSoon,
  subscribeAccountEvents,
  subscribeEvents,
} from './domain.ts';

/** `publishSoon` over the real bus: every event arrives, in order, in few notifications. */
describe.each(backends)('domain events published soon (%s)', (kind) => {
  let testDb: TestDatabase;
  let database: Database;
  let bus: EventBus;

  beforeEach(async () => {
    testDb = await createTestDatabase(kind);
    database = await openDatabase({ url: testDb.url, dataDir: testDb.dataDir });
    bus = createEventBus(database, { logger: silentLogger });
  });
  afterEach(async () => {
    await bus.close();
    await database.close();
    await testDb.drop();
  });

  it('delivers 40 events in order as 3 notifications (1 at once, then batches of at most 32)', async () => {
    const seen: string[] = [];
    await subscribeEvents(bus, (e) => {
      if (e.name === 'message.received') seen.push(e.messageId);
    });
    let notifications = 0;
    const publish = bus.publish.bind(bus);
    bus.publish = (channel, payload) => {
      notifications++;
      return publish(channel, payload);
    };
    const errors: unknown[] = [];
    const ids = Array.from({ length: 40 }, (_, i) => `msg_${i}`);
    for (const messageId of ids) {
      const event: DomainEvent = {
        name: 'message.received',
        accountId: 'acc_1',
        conversationId: 'cnv_1',
        messageId,
        channel: 'custom',
      };
      publishSoon(bus, event, (err) => errors.push(err));
    }
    await waitFor(() => seen.length === 40, 'the 40 events');
    expect(seen).toEqual(ids);
    expect(notifications).toBe(3);
    expect(errors).toEqual([]);
  });

  it('keeps account events apart: conversation subscribers never get them, and the other way round', async () => {
    const conversationSide: string[] = [];
    const accountSide: string[] = [];
    await subscribeEvents(bus, (e) => conversationSide.push(e.name));
    await subscribeAccountEvents(bus, (e) => accountSide.push(`${e.name}:${e.accountId}`));
    const errors: unknown[] = [];
    await publishAccountEvent(bus, { name: 'agent_switch.changed', accountId: 'acc_1' }, (err) =>
      errors.push(err),
    );
    await publishEvents(
      bus,
      [{ name: 'conversation.handed_back', accountId: 'acc_1', conversationId: 'cnv_1' }],
      (err) => errors.push(err),
    );
    await waitFor(() => conversationSide.length === 1 && accountSide.length === 1, 'both events');
    expect(conversationSide).toEqual(['conversation.handed_back']);
    expect(accountSide).toEqual(['agent_switch.changed:acc_1']);
    expect(errors).toEqual([]);
  });
});
