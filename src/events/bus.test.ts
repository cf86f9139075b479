import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type BackendKind,
  backends,
  createTestDatabase,
  type TestDatabase,
} from '../../test/support/databases.ts';
import { type Fixture, silentLogger, spawnFixture, waitFor } from '../../test/support/processes.ts';
import { type Database, openDatabase } from '../store/database.ts';
import { createEventBus, type EventBus, encodePayload, MAX_PAYLOAD_BYTES, quoteChannel } from './bus.ts';

describe('event payloads and channels', () => {
  it('quotes valid channel names and rejects the rest', () => {
    expect(quoteChannel('conversation.1f2e:Live-chat_2')).toBe('"conversation.1f2e:Live-chat_2"');
    for (const bad of ['', 'has space', 'quote"d', "it's", 'a;b', 'x'.repeat(64)]) {
      expect(() => quoteChannel(bad), bad).toThrow(
        expect.objectContaining({ code: 'event_channel_invalid' }),
      );
    }
  });

  it('encodes JSON within the NOTIFY limit, counting bytes not characters', () => {
    expect(encodePayload({ a: 1 })).toBe('{"a":1}');
    expect(encodePayload('x'.repeat(MAX_PAYLOAD_BYTES - 2))).toHaveLength(MAX_PAYLOAD_BYTES);
    expect(() => encodePayload('x'.repeat(MAX_PAYLOAD_BYTES - 1))).toThrow(
      expect.objectContaining({ code: 'event_payload_too_large', kind: 'too_large' }),
    );
    // 'é' is two bytes in UTF-8.
    expect(() => encodePayload('é'.repeat(4000))).toThrow(
      expect.objectContaining({ code: 'event_payload_too_large' }),
    );
    expect(() => encodePayload(undefined)).toThrow(
      expect.objectContaining({ code: 'event_payload_invalid' }),
    );
    expect(() => encodePayload({ big: 1n })).toThrow(
      expect.objectContaining({ code: 'event_payload_invalid' }),
    );
  });
});

describe.each(backends)('event bus on %s', (kind: BackendKind) => {
  let testDb: TestDatabase;
  let database: Database;
  const buses: EventBus[] = [];
  const fixtures: Fixture[] = [];

  const newBus = (opts: Parameters<typeof createEventBus>[1] = {}) => {
    const bus = createEventBus(database, { logger: silentLogger, ...opts });
    buses.push(bus);
    return bus;
  };

  beforeEach(async () => {
    testDb = await createTestDatabase(kind);
    database = await openDatabase({ url: testDb.url, dataDir: testDb.dataDir });
  });

  afterEach(async () => {
    for (const fixture of fixtures.splice(0)) await fixture.kill('SIGKILL');
    for (const bus of buses.splice(0)) await bus.close();
    await database.close();
    await testDb.drop();
  });

  it('delivers published payloads to every subscriber of the channel, in order', async () => {
    const bus = newBus();
    const a: unknown[] = [];
    const b: unknown[] = [];
    const other: unknown[] = [];
    await bus.subscribe('Chat.Room-1', (payload) => a.push(payload));
    await bus.subscribe('Chat.Room-1', (payload) => b.push(payload));
    await bus.subscribe('chat.room-1', (payload) => other.push(payload));
    await bus.publish('Chat.Room-1', { text: 'hello', n: 1 });
    await bus.publish('Chat.Room-1', ['second', null, 2]);
    await bus.publish('chat.room-1', 'lower case is another channel');
    await waitFor(() => a.length === 2 && b.length === 2 && other.length === 1, 'the events');
    expect(a).toEqual([{ text: 'hello', n: 1 }, ['second', null, 2]]);
    expect(b).toEqual(a);
    expect(other).toEqual(['lower case is another channel']);
  });

  it('unsubscribes the last subscriber of a channel whose name has a dot', async () => {
    const bus = newBus();
    const got: unknown[] = [];
    const unsubscribe = await bus.subscribe('frontdesk.events', () => {});
    await unsubscribe();
    await bus.subscribe('frontdesk.events', (payload) => got.push(payload));
    await bus.publish('frontdesk.events', 'again');
    await waitFor(() => got.length === 1, 'the event after subscribing again');
  });

  it('stops delivering after unsubscribe', async () => {
    const bus = newBus();
    const kept: unknown[] = [];
    const dropped: unknown[] = [];
    const marker: unknown[] = [];
    await bus.subscribe('room', (payload) => kept.push(payload));
    const unsubscribe = await bus.subscribe('room', (payload) => dropped.push(payload));
    const unsubscribeAlone = await bus.subscribe('alone', (payload) => dropped.push(payload));
    await bus.subscribe('marker', (payload) => marker.push(payload));

    await unsubscribe();
    await unsubscribe(); // idempotent
    await unsubscribeAlone();
    await bus.publish('room', 1);
    await bus.publish('alone', 2);
    await bus.publish('marker', 'after');
    // Notifications arrive in commit order: once the marker is in, the others would be too.
    await waitFor(() => marker.length === 1 && kept.length === 1, 'the marker event');
    expect(kept).toEqual([1]);
    expect(dropped).toEqual([]);

    // Subscribing again to a channel fully unsubscribed works.
    const again: unknown[] = [];
    await bus.subscribe('alone', (payload) => again.push(payload));
    await bus.publish('alone', 3);
    await waitFor(() => again.length === 1, 'the event after resubscribing');
    expect(again).toEqual([3]);
  });

  it('keeps delivering to other handlers when one throws', async () => {
    const bus = newBus();
    const errors: unknown[] = [];
    const logging = newBus({ logger: { warn: () => {}, error: (obj) => errors.push(obj) } });
    const got: unknown[] = [];
    await logging.subscribe('room', () => {
      throw new Error('handler bug');
    });
    await logging.subscribe('room', (payload) => got.push(payload));
    await bus.publish('room', { ok: true });
    await waitFor(() => got.length === 1, 'the event');
    expect(errors).toHaveLength(1);
  });

  it('delivers between two buses on the same database', async () => {
    const sender = newBus();
    const receiver = newBus();
    const got: unknown[] = [];
    await receiver.subscribe('fanout', (payload) => got.push(payload));
    await sender.publish('fanout', { from: 'sender' });
    await waitFor(() => got.length === 1, 'the event from the other bus');
    expect(got).toEqual([{ from: 'sender' }]);
  });

  it('accepts a payload at the size limit and rejects one above it', async () => {
    const bus = newBus();
    const got: unknown[] = [];
    await bus.subscribe('big', (payload) => got.push(payload));
    const largest = 'x'.repeat(MAX_PAYLOAD_BYTES - 2); // plus two quotes
    await bus.publish('big', largest);
    await waitFor(() => got.length === 1, 'the largest event');
    expect(got).toEqual([largest]);
    await expect(bus.publish('big', `${largest}x`)).rejects.toMatchObject({
      code: 'event_payload_too_large',
    });
    await expect(bus.publish('bad channel', {})).rejects.toMatchObject({ code: 'event_channel_invalid' });
    await expect(bus.subscribe('bad"channel', () => {})).rejects.toMatchObject({
      code: 'event_channel_invalid',
    });
  });

  it('is unusable after close', async () => {
    const bus = newBus();
    const got: unknown[] = [];
    await bus.subscribe('room', (payload) => got.push(payload));
    await bus.close();
    await bus.close(); // idempotent
    await expect(bus.publish('room', {})).rejects.toMatchObject({ code: 'event_bus_closed' });
    await expect(bus.subscribe('room', () => {})).rejects.toMatchObject({ code: 'event_bus_closed' });
    // Publishing from another bus does not reach the closed one.
    const other = newBus();
    const marker: unknown[] = [];
    await other.subscribe('marker', (payload) => marker.push(payload));
    await other.publish('room', 'late');
    await other.publish('marker', 'done');
    await waitFor(() => marker.length === 1, 'the marker event');
    expect(got).toEqual([]);
  });

  it.runIf(kind === 'pg')('reconnects and listens again when its connection is lost', async () => {
    let reconnects = 0;
    const bus = newBus({
      onReconnect: () => {
        reconnects++;
      },
    });
    const got: unknown[] = [];
    await bus.subscribe('room', (payload) => got.push(payload));
    const { rows } = await sql<{ killed: boolean }>`
      SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
      WHERE application_name = 'frontdesk-events' AND datname = current_database()`.execute(database.db);
    expect(rows).toEqual([{ killed: true }]);
    await waitFor(() => reconnects === 1, 'the bus to reconnect');
    await bus.publish('room', 'after reconnect');
    await waitFor(() => got.length === 1, 'the event after reconnecting');
    expect(got).toEqual(['after reconnect']);
  });

  it.runIf(kind === 'pg')(
    'delivers across processes, in both directions',
    async () => {
      const bus = newBus();
      const got: unknown[] = [];
      await bus.subscribe('to-parent', (payload) => got.push(payload));
      const peer = spawnFixture(new URL('./fixtures/peer.ts', import.meta.url), [testDb.url!, 'to-child']);
      fixtures.push(peer);
      await peer.waitForLine(/^ready$/);

      await bus.publish('to-child', { hello: 'child', n: 1 });
      expect(await peer.waitForLine(/^received /)).toBe('received {"hello":"child","n":1}');

      peer.send(`publish to-parent ${JSON.stringify({ hello: 'parent' })}`);
      await peer.waitForLine(/^published$/);
      await waitFor(() => got.length === 1, 'the event from the child');
      expect(got).toEqual([{ hello: 'parent' }]);

      peer.send('stop');
      await peer.waitForLine(/^stopped$/);
      expect(await peer.exited).toBe(0);
    },
    60_000,
  );
});
