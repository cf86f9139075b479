import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DomainEvent, subscribeEvents } from '../../src/events/domain.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { type Fixture, spawnFixture, waitFor } from '../support/processes.ts';

/**
 * Closing is real (issue 7): by the API and after inactivity, each publishing the closed
 * event — seen by a subscriber in a second process on PostgreSQL. A closed conversation
 * takes no more messages; the customer's next message starts a new one.
 */
describe.each(backends)('closing conversations (%s)', (kind) => {
  let t: TestApp;
  let agentId: string;
  const seen: DomainEvent[] = [];
  let subscriber: Fixture | undefined;

  beforeAll(async () => {
    // Idle for 3 seconds closes a conversation.
    t = await startTestApp(kind, { env: { FRONTDESK_AUTO_CLOSE_MINUTES: '0.05' } });
    agentId = (await t.call('GET', '/api/v1/agents')).body.agents[0].id;
    if (kind === 'pg') {
      subscriber = spawnFixture(new URL('./fixtures/event-subscriber.ts', import.meta.url), [
        t.env['DATABASE_URL']!,
      ]);
      await subscriber.waitForLine(/^ready$/, 30_000);
    } else {
      await subscribeEvents(t.rt.ctx.events, (e) => seen.push(e));
    }
  });
  afterAll(async () => {
    await subscriber?.kill();
    await t?.close();
  });

  const closedEvents = (): DomainEvent[] =>
    subscriber
      ? subscriber.lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as DomainEvent)
      : seen;
  const start = async () =>
    (await t.call('POST', `/api/v1/agents/${agentId}/conversations`, { body: {} })).body.id as string;

  it('closes by the API, publishes the event, and refuses further messages', async () => {
    const id = await start();
    expect((await t.call('POST', `/api/v1/conversations/${id}/close`)).body).toEqual({ status: 'closed' });
    await waitFor(
      () => closedEvents().some((e) => e.name === 'conversation.closed' && e.conversationId === id),
      'the closed event',
    );
    expect(
      closedEvents().find((e) => e.conversationId === id && e.name === 'conversation.closed'),
    ).toMatchObject({
      reason: 'closed',
    });
    const view = (await t.call('GET', `/api/v1/conversations/${id}`)).body;
    expect(view).toMatchObject({ status: 'closed', state: 'closed' });
    const late = await t.call('POST', `/api/v1/conversations/${id}/messages`, { body: { text: 'hello?' } });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('conversation_closed');
    expect((await t.call('POST', `/api/v1/conversations/${id}/close`)).status).toBe(409);
  });

  it('closes after inactivity and publishes the event once', async () => {
    const id = await start();
    await waitFor(
      () => closedEvents().some((e) => e.name === 'conversation.closed' && e.conversationId === id),
      'the inactivity close',
      30_000,
    );
    const events = closedEvents().filter((e) => e.name === 'conversation.closed' && e.conversationId === id);
    expect(events).toEqual([
      expect.objectContaining({ reason: 'inactivity', accountId: expect.any(String) }),
    ]);
    expect((await t.call('GET', `/api/v1/conversations/${id}`)).body.status).toBe('closed');
  });
});
