import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountWithAdmin } from '../../src/access/bootstrap.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { type InboxStream, openInboxStream } from '../support/inbox-stream.ts';
import { waitFor } from '../support/processes.ts';

const PASSWORD = 'inbox stream password';

/**
 * The inbox's live view (E8) as Server-Sent Events, read by a real EventSource client:
 * with an API key and with a session cookie; one account never sees another's events;
 * heartbeat comments; the stream ends cleanly when the server shuts down.
 */
describe.each(backends)('inbox live stream (%s)', (kind) => {
  let t: TestApp;
  let agentId = '';
  let other: { adminKey: string; accountId: string; agentId: string };
  const streams: InboxStream[] = [];

  const open = async (auth: { key: string } | { cookie: string }) => {
    const s = await openInboxStream(t.url, auth);
    streams.push(s);
    return s;
  };
  const handOff = async (key: string, agent: string) => {
    const c = (await t.call('POST', `/api/v1/agents/${agent}/conversations`, { key, body: {} })).body;
    expect(
      (
        await t.call('POST', `/api/v1/conversations/${c.id}/messages`, {
          key,
          body: { text: 'I want a human' },
        })
      ).status,
    ).toBe(200);
    return c.id as string;
  };

  beforeAll(async () => {
    t = await startTestApp(kind, {
      env: { FRONTDESK_ADMIN_PASSWORD: PASSWORD, FRONTDESK_INBOX_HEARTBEAT_SECONDS: '0.2' },
    });
    agentId = (await t.call('GET', '/api/v1/agents')).body.agents[0].id;
    const created = await createAccountWithAdmin(t.rt.ctx.db, { name: 'Other tenant' });
    other = { adminKey: created.adminKey, accountId: created.accountId, agentId: created.defaultAgentId };
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await t?.close();
  });

  it('refuses a caller without a key or session', async () => {
    const res = await fetch(`${t.url}/api/v1/inbox/events`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).error.code).toBe('unauthorized');
  });

  it('streams a handoff to an API-key subscriber, and nothing of it to another account', async () => {
    const mine = await open({ key: t.adminKey });
    const theirs = await open({ key: other.adminKey });
    const id = await handOff(t.adminKey, agentId);
    const handedOff = await mine.next(
      (e) => e.type === 'conversation.handed_off' && e.data.conversationId === id,
      'the handoff event',
    );
    expect(handedOff.data).toMatchObject({ name: 'conversation.handed_off', reason: 'customer_request' });
    await mine.next(
      (e) =>
        e.type === 'conversation.assigned' &&
        e.data.conversationId === id &&
        e.data.ownerType === 'unassigned',
      'the assignment event',
    );
    expect(mine.events.some((e) => e.type === 'message.received' && e.data.conversationId === id)).toBe(true);
    // The other account's own event comes after ours on the same bus: by then ours would have arrived.
    const otherAgent = (await t.call('GET', '/api/v1/agents', { key: other.adminKey })).body.agents[0]?.id;
    const otherAgentId =
      otherAgent ??
      (await t.call('POST', '/api/v1/agents', { key: other.adminKey, body: { name: 'Theirs' } })).body.id;
    const theirId = await handOff(other.adminKey, otherAgentId);
    await theirs.next((e) => e.data.conversationId === theirId, 'the other account’s own event');
    expect(
      theirs.events.filter((e) => e.type !== 'ready').every((e) => e.data.accountId === other.accountId),
    ).toBe(true);
    expect(JSON.stringify(theirs.events)).not.toContain(id);
    expect(mine.events.some((e) => e.data.conversationId === theirId)).toBe(false);
  });

  it('streams to a signed-in person (session cookie): notes and replies from the inbox', async () => {
    const res = await fetch(`${t.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@localhost', password: PASSWORD }),
    });
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    const s = await open({ cookie });
    const id = await handOff(t.adminKey, agentId);
    const note = await t.call('POST', `/api/v1/inbox/conversations/${id}/notes`, {
      body: { text: 'watch this' },
    });
    await s.next((e) => e.type === 'note.added' && e.data.noteId === note.body.id, 'the note event');
    await t.call('POST', `/api/v1/inbox/conversations/${id}/reply`, { body: { text: 'On it.' } });
    await s.next(
      (e) =>
        e.type === 'conversation.assigned' && e.data.conversationId === id && e.data.ownerType === 'user',
      'the replier taking the conversation',
    );
    await s.next((e) => e.type === 'message.sent' && e.data.conversationId === id, 'the reply sent');
  });

  it('sends heartbeat comments', async () => {
    const s = await open({ key: t.adminKey });
    await waitFor(() => s.heartbeats() >= 2, 'two heartbeats');
  });

  it('ends open streams when the server shuts down, and shuts down without waiting for them', async () => {
    const s = await open({ key: t.adminKey });
    expect(s.ended()).toBe(false);
    await t.restart();
    await waitFor(() => s.ended(), 'the stream ended');
    // The restarted server streams again.
    await open({ key: t.adminKey });
  });
});
