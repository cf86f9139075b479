import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RATE_LIMIT } from '../../src/channels/livechat/session.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { connectWidget, signVisitorToken, type WidgetClient } from '../support/livechat.ts';
import { waitFor } from '../support/processes.ts';

/**
 * The live chat channel at the WebSocket level (E1, issue 11), with the real `ws` client:
 * the origin gate on the upgrade, anonymous sessions and history, idempotent visitor
 * messages, signed visitor tokens (refused when bad, forged or expired, with nothing
 * stored), `requireVerifiedIdentity`, and a person's reply reaching the widget.
 */
const ORIGIN = 'https://shop.example.com';

describe.each(backends)('live chat over WebSocket (%s)', (kind) => {
  let t: TestApp;
  let agentId: string;
  let channel: { id: string; publicId: string; secrets: { signingSecret: string } };
  const open: WidgetClient[] = [];
  const widget = async (origin: string | null = ORIGIN) => {
    const c = await connectWidget(t.url, channel.publicId, origin);
    open.push(c);
    return c;
  };
  const count = async (table: 'messages' | 'conversations' | 'contacts') =>
    Number(
      (
        await t.rt.ctx.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await startTestApp(kind);
    agentId = (await t.call('GET', '/api/v1/agents')).body.agents[0].id;
    const faq = await t.call('POST', `/api/v1/agents/${agentId}/knowledge/faqs`, {
      body: { question: 'What are your opening hours?', answer: 'We are open 9 to 5, Monday to Friday.' },
    });
    expect(faq.status).toBe(201);
    const created = await t.call('POST', '/api/v1/channels', {
      body: { type: 'livechat', name: 'Shop chat', config: { allowedOrigins: [ORIGIN] } },
    });
    expect(created.status).toBe(201);
    channel = created.body;
    expect(
      (await t.call('POST', '/api/v1/deployments', { body: { agentId, channelId: channel.id } })).status,
    ).toBe(201);
  });
  afterAll(async () => {
    for (const c of open) await c.close().catch(() => {});
    await t?.close();
  });

  it('refuses the upgrade from another origin, without an origin, or for an unknown channel', async () => {
    await expect(widget('https://evil.example.com')).rejects.toThrow('HTTP 403');
    await expect(widget(null)).rejects.toThrow('HTTP 403');
    await expect(connectWidget(t.url, 'lc_nope', ORIGIN)).rejects.toThrow('HTTP 404');
  });

  it('answers an anonymous visitor, stores a resent message once, and keeps the history for the session', async () => {
    const c = await widget();
    const ready = await c.hello({ pageUrl: `${ORIGIN}/pricing` });
    expect(ready).toMatchObject({
      type: 'ready',
      title: 'Shop chat',
      verified: false,
      conversationId: null,
      messages: [],
      status: { poweredByAi: true, person: null, open: true },
    });
    expect(ready.session).toMatch(/^fdsec:v1:/);

    const hi = { type: 'message', clientMessageId: 'c-1', text: 'What are your opening hours?' };
    c.send(hi);
    const ack = await c.next((f) => f.type === 'ack', 'ack');
    expect(ack).toMatchObject({ clientMessageId: 'c-1', duplicate: false });
    // A resend (as after a reconnect) is acknowledged with the same id and stored once.
    c.send(hi);
    const again = await c.next((f) => f.type === 'ack' && f.duplicate, 'duplicate ack');
    expect(again.messageId).toBe(ack.messageId);
    expect([ack.seq, again.seq]).toEqual([1, 1]);
    const reply = await c.next((f) => f.type === 'message' && f.message.from === 'agent', 'the reply');
    expect(reply.message.text).toContain('We are open 9 to 5');
    await c.next((f) => f.type === 'typing' && f.on === false, 'typing off');

    const conversationId = (
      await t.rt.ctx.db
        .selectFrom('messages')
        .select('conversation_id')
        .where('id', '=', ack.messageId)
        .executeTakeFirstOrThrow()
    ).conversation_id;
    const stored = await t.rt.ctx.db
      .selectFrom('messages')
      .select(['role', 'reply_to', 'delivery'])
      .where('conversation_id', '=', conversationId)
      .execute();
    expect(stored.filter((m) => m.role === 'customer')).toHaveLength(1);
    expect(stored.filter((m) => m.reply_to === ack.messageId)).toHaveLength(1);
    await waitFor(
      async () =>
        (await t.call('GET', `/api/v1/conversations/${conversationId}`)).body.messages.every(
          (m: any) => m.role === 'customer' || m.delivery.state === 'sent',
        ),
      'the outbox marks the reply sent',
    );
    // The socket got the reply once, although two paths carry it.
    expect(c.frames.filter((f) => f.type === 'message' && f.message.id === reply.message.id)).toHaveLength(1);

    // The same session on a new socket (a reload): the history, read from the database.
    const back = await widget();
    const resumed = await back.hello({ session: ready.session });
    expect(resumed.conversationId).toBe(conversationId);
    expect(resumed.messages.map((m: any) => [m.from, m.text.slice(0, 20)])).toEqual([
      ['visitor', 'What are your openin'],
      ['agent', reply.message.text.slice(0, 20)],
    ]);
    expect(resumed.messages[0].clientMessageId).toBe('c-1');

    // A session that was not issued by the server is a new visitor: nobody else's history.
    const stranger = await widget();
    const fresh = await stranger.hello({ session: `${ready.session.slice(0, -4)}AAAA` });
    expect(fresh).toMatchObject({ type: 'ready', conversationId: null, messages: [] });
    expect(fresh.session).not.toBe(ready.session);
  });

  it('refuses invalid frames with a code, and keeps the socket', async () => {
    const c = await widget();
    c.send({ type: 'message', clientMessageId: 'x', text: 'too early' });
    expect(await c.next((f) => f.type === 'error', 'error')).toMatchObject({ code: 'hello_first' });
    await c.hello();
    c.ws.send('not json');
    expect(await c.next((f) => f.code === 'invalid_frame', 'invalid frame')).toMatchObject({ type: 'error' });
    c.send({ type: 'message', clientMessageId: 'y', text: '' });
    const err = await c.next((f) => f.type === 'error' && f.message.includes('text'), 'text error', 2);
    expect(err.code).toBe('invalid_frame');
    // A flood is refused past the per-socket limit; nothing past it is stored.
    for (let i = 0; i < RATE_LIMIT + 1; i++)
      c.send({ type: 'message', clientMessageId: `f-${i}`, text: `flood ${i}` });
    const limited = await c.next((f) => f.code === 'rate_limited', 'rate limited');
    expect(limited.clientMessageId).toBe(`f-${RATE_LIMIT}`);
    expect(c.frames.filter((f) => f.type === 'ack')).toHaveLength(RATE_LIMIT);
  });

  describe('signed visitor tokens', () => {
    it('refuses an expired, forged or unsigned token and stores nothing', async () => {
      const before = await Promise.all([count('messages'), count('conversations'), count('contacts')]);
      const past = Math.floor(Date.now() / 1000) - 60;
      const expired = await signVisitorToken(
        channel.secrets.signingSecret,
        { sub: 'u-1', email: 'a@example.com' },
        past,
      );
      const forged = await signVisitorToken('x'.repeat(40), { sub: 'u-1', email: 'a@example.com' });
      const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
        JSON.stringify({ sub: 'u-1', exp: past + 3600 }),
      ).toString('base64url')}.`;
      const noExp = await new SignJWT({ sub: 'u-1' })
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode(channel.secrets.signingSecret));
      for (const [token, code] of [
        [expired, 'token_expired'],
        [forged, 'invalid_token'],
        [none, 'invalid_token'],
        [noExp, 'invalid_token'],
      ] as const) {
        const c = await widget();
        const answer = await c.hello({ token });
        expect(answer, code).toMatchObject({ type: 'error', code });
        expect((await c.closed).code).toBe(4401);
      }
      expect(await Promise.all([count('messages'), count('conversations'), count('contacts')])).toEqual(
        before,
      );
    });

    it('proves the token identities for the conversation (the identity gate trusts them)', async () => {
      const token = await signVisitorToken(channel.secrets.signingSecret, {
        sub: 'user-7',
        email: 'Vic@Example.com',
        name: 'Vic',
      });
      const c = await widget();
      expect(await c.hello({ token })).toMatchObject({ type: 'ready', verified: true });
      c.send({ type: 'hello', token });
      expect(await c.next((f) => f.type === 'error', 'second hello refused')).toMatchObject({
        code: 'invalid_frame',
      });
      c.send({ type: 'message', clientMessageId: 'v-1', text: 'hello' });
      const ack = await c.next((f) => f.type === 'ack', 'ack');
      const conv = await t.rt.ctx.db
        .selectFrom('messages as m')
        .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
        .select(['c.verified_identities', 'c.contact_id'])
        .where('m.id', '=', ack.messageId)
        .executeTakeFirstOrThrow();
      const proved = await t.rt.ctx.db
        .selectFrom('contact_identities')
        .select(['type', 'value', 'verified_via'])
        .where('id', 'in', conv.verified_identities)
        .orderBy('type')
        .execute();
      expect(proved).toEqual([
        { type: 'email', value: 'vic@example.com', verified_via: 'widget_token' },
        { type: 'external', value: 'user-7', verified_via: 'widget_token' },
      ]);
    });

    it('refuses anonymous visitors when the channel requires a verified identity', async () => {
      const patched = await t.call('PATCH', `/api/v1/channels/${channel.id}`, {
        body: { config: { allowedOrigins: [ORIGIN], requireVerifiedIdentity: true } },
      });
      expect(patched.status).toBe(200);
      try {
        const c = await widget();
        expect(await c.hello()).toMatchObject({ type: 'error', code: 'identity_required' });
        expect((await c.closed).code).toBe(4401);
        const token = await signVisitorToken(channel.secrets.signingSecret, { sub: 'user-8' });
        expect(await (await widget()).hello({ token })).toMatchObject({ type: 'ready', verified: true });
      } finally {
        await t.call('PATCH', `/api/v1/channels/${channel.id}`, {
          body: { config: { allowedOrigins: [ORIGIN] } },
        });
      }
    });
  });

  it("moves the visitor's other tabs into the conversation one of them started", async () => {
    const a = await widget();
    const first = await a.hello();
    const b = await widget();
    expect(await b.hello({ session: first.session })).toMatchObject({ conversationId: null });
    a.send({ type: 'message', clientMessageId: 't-1', text: 'What are your opening hours?' });
    const status = await a.next((f) => f.type === 'status', 'the new conversation');
    const moved = await b.next((f) => f.type === 'ready' && f.conversationId, 'tab B moved', 1);
    expect(moved.conversationId).toBe(status.conversationId);
    const reply = await b.next(
      (f) => f.type === 'message' && f.message.from === 'agent',
      'the reply in tab B',
    );
    expect(reply.message.text).toContain('We are open 9 to 5');
    // A stranger's socket is not moved.
    const other = await widget();
    await other.hello();
    a.send({ type: 'message', clientMessageId: 't-2', text: 'thanks' });
    await b.next(
      (f) => f.type === 'message' && f.message.clientMessageId === 't-2',
      "tab B sees tab A's message",
    );
    expect(other.frames.map((f) => f.type)).toEqual(['ready']);
  });

  it('starts the next conversation when the last one was closed', async () => {
    const c = await widget();
    await c.hello();
    c.send({ type: 'message', clientMessageId: 'n-1', text: 'What are your opening hours?' });
    const first = await c.next((f) => f.type === 'status', 'the first conversation');
    await c.next((f) => f.type === 'message' && f.message.from === 'agent', 'the reply');
    const closed = await t.call('POST', `/api/v1/conversations/${first.conversationId}/close`, { body: {} });
    expect(closed.status, JSON.stringify(closed.body)).toBeLessThan(300);
    await c.next((f) => f.type === 'status' && f.status.open === false, 'closed');
    const from = c.frames.length;
    c.send({ type: 'message', clientMessageId: 'n-2', text: 'One more question' });
    const next = await c.next((f) => f.type === 'status', 'the next conversation', from);
    expect(next.conversationId).not.toBe(first.conversationId);
    expect(next.status.open).toBe(true);
    expect(await c.next((f) => f.type === 'ack', 'ack', from)).toMatchObject({ seq: 1, duplicate: false });
  });

  it('does not say "Powered by AI" while the account\'s agent switch is off', async () => {
    expect((await t.call('PATCH', '/api/v1/agent-switch', { body: { on: false } })).status).toBe(200);
    try {
      const c = await widget();
      expect((await c.hello()).status).toEqual({ poweredByAi: false, person: null, open: true });
    } finally {
      await t.call('PATCH', '/api/v1/agent-switch', { body: { on: true } });
    }
  });

  it("updates connected widgets' headers live when the agent switch changes", async () => {
    // One visitor in a conversation the agent has, one who has not written yet.
    const talking = await widget();
    await talking.hello();
    talking.send({ type: 'message', clientMessageId: 's-1', text: 'What are your opening hours?' });
    const ack = await talking.next((f) => f.type === 'ack', 'ack');
    await talking.next((f) => f.type === 'message' && f.message.from === 'agent', 'the answer');
    const quiet = await widget();
    await quiet.hello();
    const { conversation_id } = await t.rt.ctx.db
      .selectFrom('messages')
      .select('conversation_id')
      .where('id', '=', ack.messageId)
      .executeTakeFirstOrThrow();
    const header = (c: WidgetClient, poweredByAi: boolean, from: number) =>
      c.next(
        (f) => f.type === 'status' && f.status.poweredByAi === poweredByAi,
        `the header with poweredByAi ${poweredByAi}`,
        from,
      );
    let from = [talking.frames.length, quiet.frames.length];
    try {
      expect((await t.call('PATCH', '/api/v1/agent-switch', { body: { on: false } })).status).toBe(200);
      expect(await header(talking, false, from[0]!)).toMatchObject({
        conversationId: conversation_id,
        status: { poweredByAi: false, person: null, open: true },
      });
      expect(await header(quiet, false, from[1]!)).toMatchObject({ conversationId: null });
    } finally {
      from = [talking.frames.length, quiet.frames.length];
      expect((await t.call('PATCH', '/api/v1/agent-switch', { body: { on: true } })).status).toBe(200);
    }
    expect((await header(talking, true, from[0]!)).conversationId).toBe(conversation_id);
    expect((await header(quiet, true, from[1]!)).conversationId).toBeNull();
  });

  it('refuses a message that is too long with its client message id, and stores nothing', async () => {
    const c = await widget();
    await c.hello();
    const before = await count('messages');
    c.send({ type: 'message', clientMessageId: 'long-1', text: 'x'.repeat(4001) });
    const err = await c.next((f) => f.type === 'error', 'error');
    expect(err).toMatchObject({ code: 'invalid_frame', clientMessageId: 'long-1' });
    expect(err.message).toContain('text');
    expect(await count('messages')).toBe(before);
  });

  it('gives routing rules the page URL: a rule on it sends the conversation to the queue', async () => {
    const rule = await t.call('POST', '/api/v1/routing-rules', {
      body: {
        name: 'enterprise_page',
        condition: { starts_with: [{ var: 'conversation.pageUrl' }, `${ORIGIN}/enterprise`] },
        target: { assignTo: 'unassigned' },
        message: 'A specialist will be with you shortly.',
      },
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    try {
      const c = await widget();
      await c.hello({ pageUrl: `${ORIGIN}/enterprise/quote` });
      c.send({ type: 'message', clientMessageId: 'p-1', text: 'We need 500 seats' });
      const status = await c.next((f) => f.type === 'status', 'status of the new conversation');
      expect(status.status).toEqual({ poweredByAi: false, person: null, open: true });
      const note = await c.next(
        (f) => f.type === 'message' && f.message.from === 'system',
        'the rule message',
      );
      expect(note.message.text).toBe('A specialist will be with you shortly.');
      // The agent does not answer a conversation the rule gave to the queue.
      const ack = await c.next((f) => f.type === 'ack', 'ack');
      await waitFor(
        async () =>
          !!(
            await t.rt.ctx.db
              .selectFrom('messages')
              .select('processed_at')
              .where('id', '=', ack.messageId)
              .executeTakeFirstOrThrow()
          ).processed_at,
        'the message processed',
      );
      const again = await widget();
      const ready = await again.hello({
        session: (await c.next((f) => f.type === 'ready', 'ready')).session,
      });
      expect(ready.messages.map((m: any) => m.from).sort()).toEqual(['system', 'visitor']);
    } finally {
      await t.call('DELETE', `/api/v1/routing-rules/${rule.body.id}`);
    }
  }, 60_000);

  it("shows a person's name after a handoff, and the person's reply", async () => {
    const user = await t.call('POST', '/api/v1/users', {
      body: { email: 'maya@example.com', name: 'Maya Lopez', role: 'editor' },
    });
    expect(user.status).toBe(201);
    const patched = await t.call('PATCH', `/api/v1/agents/${agentId}`, {
      body: { handoff: { assignTo: `user:${user.body.id}` } },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const c = await widget();
    await c.hello();
    c.send({ type: 'message', clientMessageId: 'h-1', text: 'I want to talk to a person' });
    const ack = await c.next((f) => f.type === 'ack', 'ack');
    const status = await c.next((f) => f.type === 'status' && f.status.person === 'Maya Lopez', 'the person');
    expect(status.status.poweredByAi).toBe(false);
    const { conversation_id } = await t.rt.ctx.db
      .selectFrom('messages')
      .select('conversation_id')
      .where('id', '=', ack.messageId)
      .executeTakeFirstOrThrow();
    const from = c.frames.length;
    expect(
      (
        await t.call('POST', `/api/v1/conversations/${conversation_id}/human-replies`, {
          body: { text: 'Hi, Maya here.' },
        })
      ).status,
    ).toBe(204);
    const reply = await c.next(
      (f) => f.type === 'message' && f.message.from === 'person',
      "the person's reply",
      from,
    );
    // The reply carries its author (the API key's user): the widget shows the name on the message.
    expect(reply.message).toMatchObject({ text: 'Hi, Maya here.', author: 'Admin' });
    const again = await widget();
    const ready = await again.hello({ session: (c.frames.find((f) => f.type === 'ready') as any).session });
    expect(ready.messages.at(-1)).toMatchObject({ from: 'person', author: 'Admin' });
    // A user's key writes as its user only: another user's id is refused with the field.
    const bad = await t.call('POST', `/api/v1/conversations/${conversation_id}/human-replies`, {
      body: { text: 'Who am I?', userId: 'usr_nope' },
    });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain('userId');
    // While a person has it, the visitor's message shows no "typing" (the agent stays silent).
    const before = c.frames.length;
    c.send({ type: 'message', clientMessageId: 'h-2', text: 'Are you there?' });
    const next = await c.next((f) => f.type === 'ack', 'ack', before);
    await waitFor(
      async () =>
        !!(
          await t.rt.ctx.db
            .selectFrom('messages')
            .select('processed_at')
            .where('id', '=', next.messageId)
            .executeTakeFirstOrThrow()
        ).processed_at,
      'the message processed',
    );
    expect(c.frames.slice(before).filter((f) => f.type === 'typing' && f.on)).toEqual([]);
  });
});
