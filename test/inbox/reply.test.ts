import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/channels/custom/signature.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { waitFor } from '../support/processes.ts';
import { startWebhookReceiver } from '../support/webhook-receiver.ts';

/**
 * The human inbox end to end (E8, C6) on a custom channel, the business's webhook
 * standing for the customer's side: a person replies to a handed-off conversation and the
 * customer gets it on the channel; the agent then stays silent; notes are never
 * delivered; hand back resumes the agent; closed conversations refuse what makes no sense.
 */
describe.each(backends)('inbox replies on the original channel (%s)', (kind) => {
  let t: TestApp;
  let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let channel: { id: string; secrets: { channelKey: string; webhookSecret: string } };
  let ann: { id: string; key: string };
  let bob: { id: string; key: string };
  let team: { id: string };
  let conversationId = '';

  const post = async (messageId: string, text: string, contact = 'cust-1') => {
    const res = await fetch(`${t.url}/webhooks/custom/${channel.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${channel.secrets.channelKey}` },
      body: JSON.stringify({ messageId, contact: { id: contact, name: `Customer ${contact}` }, text }),
    });
    expect(res.status).toBe(202);
    return (await res.json()) as { conversationId: string; messageId: string };
  };
  /** What reached the customer's side for a conversation, in order. */
  const delivered = (cid: string) =>
    hook.received.map((r) => JSON.parse(r.body)).filter((b) => b.conversationId === cid);
  const processed = async (cid: string, messageId: string) =>
    waitFor(
      async () =>
        (await t.call('GET', `/api/v1/conversations/${cid}`)).body.messages.some(
          (m: any) => m.id === messageId && m.processed,
        ),
      'the customer message processed',
    );
  const person = async (email: string, name: string) => {
    const user = (await t.call('POST', '/api/v1/users', { body: { email, name, role: 'editor' } })).body;
    const key = await t.call('POST', '/api/v1/api-keys', {
      body: { name, scopes: ['conversations:read', 'conversations:write'], userId: user.id },
    });
    expect(key.status).toBe(201);
    return { id: user.id as string, key: key.body.key as string };
  };
  const handedOff = async (messageId: string, contact: string) => {
    const got = await post(messageId, 'I want to talk to a human', contact);
    await waitFor(
      async () =>
        (await t.call('GET', '/api/v1/inbox/conversations?view=waiting')).body.conversations.some(
          (c: any) => c.id === got.conversationId,
        ),
      'the conversation in the waiting view',
    );
    return got.conversationId;
  };

  beforeAll(async () => {
    hook = await startWebhookReceiver();
    t = await startTestApp(kind, { env: { FRONTDESK_DEV_HOSTS: hook.host } });
    const agentId = (await t.call('GET', '/api/v1/agents')).body.agents[0].id;
    await t.call('POST', `/api/v1/agents/${agentId}/knowledge/faqs`, {
      body: { question: 'What are your opening hours?', answer: 'We are open 9 to 5, Monday to Friday.' },
    });
    channel = (
      await t.call('POST', '/api/v1/channels', {
        body: { type: 'custom', name: 'Shop app', config: { webhookUrl: hook.url } },
      })
    ).body;
    expect(
      (await t.call('POST', '/api/v1/deployments', { body: { agentId, channelId: channel.id } })).status,
    ).toBe(201);
    ann = await person('ann@example.com', 'Ann');
    bob = await person('bob@example.com', 'Bob');
    team = (await t.call('POST', '/api/v1/teams', { body: { name: 'Support', members: [ann.id, bob.id] } }))
      .body;
  });
  afterAll(async () => {
    await t?.close();
    await hook?.close();
  });

  it('lists a handed-off conversation as waiting, with the reason and the last message', async () => {
    conversationId = await handedOff('m1', 'cust-1');
    const row = (await t.call('GET', '/api/v1/inbox/conversations?view=waiting')).body.conversations.find(
      (c: any) => c.id === conversationId,
    );
    expect(row).toMatchObject({
      status: 'open',
      owner: { type: 'unassigned', id: null, name: null },
      handoffReason: 'customer_request',
      channel: { type: 'custom', id: channel.id, name: 'Shop app' },
      contact: { name: 'Customer cust-1' },
    });
    expect(row.lastMessage.role).toBe('agent');
    // The agent told the customer on the channel.
    await waitFor(() => delivered(conversationId).length === 1, 'the handoff message delivered');
  });

  it('delivers a person’s reply on the channel, signed, and makes the replier the owner', async () => {
    const note = await t.call('POST', `/api/v1/inbox/conversations/${conversationId}/notes`, {
      key: ann.key,
      body: { text: 'VIP customer: internal only' },
    });
    expect(note.status).toBe(201);
    const reply = await t.call('POST', `/api/v1/inbox/conversations/${conversationId}/reply`, {
      key: ann.key,
      body: { text: 'Hi, Ann here. I will sort this out.' },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ status: 'open', owner: { type: 'user', id: ann.id, name: 'Ann' } });
    await waitFor(() => delivered(conversationId).length === 2, 'the reply delivered');
    const sent = hook.received.find((r) => JSON.parse(r.body).messageId === reply.body.messageId)!;
    expect(JSON.parse(sent.body)).toMatchObject({
      type: 'message',
      text: 'Hi, Ann here. I will sort this out.',
    });
    expect(
      verifySignature(
        channel.secrets.webhookSecret,
        sent.body,
        sent.headers['x-frontdesk-signature'] as string,
      ),
    ).toBe(true);
  });

  it('keeps the agent silent after the person replied, and never delivers notes', async () => {
    const next = await post('m2', 'What are your opening hours?');
    expect(next.conversationId).toBe(conversationId);
    await processed(conversationId, next.messageId);
    const view = (await t.call('GET', `/api/v1/inbox/conversations/${conversationId}`)).body;
    const after = view.transcript.slice(view.transcript.findIndex((i: any) => i.id === next.messageId) + 1);
    expect(after.filter((i: any) => i.type === 'message')).toEqual([]);
    expect(delivered(conversationId)).toHaveLength(2);
    expect(hook.received.some((r) => r.body.includes('internal only'))).toBe(false);
    // The note is not a message of the conversation (what the engine reads).
    const messages = (await t.call('GET', `/api/v1/conversations/${conversationId}`)).body.messages;
    expect(messages.some((m: any) => m.text.includes('internal only'))).toBe(false);
  });

  it('shows the transcript with authors, delivery states, the note in place and the handoff summary', async () => {
    const view = (await t.call('GET', `/api/v1/inbox/conversations/${conversationId}`)).body;
    expect(view.handoff).toMatchObject({ reason: 'customer_request', resolvedAt: null });
    expect(view.handoff.summary).toContain('First request: I want to talk to a human');
    const kinds = view.transcript.map((i: any) => (i.type === 'message' ? i.role : i.type));
    expect(kinds).toEqual(['customer', 'agent', 'note', 'human', 'customer']);
    const [, handoffMessage, note, human] = view.transcript;
    expect(handoffMessage.delivery).toMatchObject({ state: 'sent', error: null });
    expect(note).toMatchObject({ text: 'VIP customer: internal only', author: { id: ann.id, name: 'Ann' } });
    expect(human).toMatchObject({ author: { id: ann.id, name: 'Ann' }, delivery: { state: 'sent' } });
    expect(view.owner).toMatchObject({ type: 'user', name: 'Ann' });
  });

  it('hands back: the agent answers again', async () => {
    const back = await t.call('POST', `/api/v1/inbox/conversations/${conversationId}/hand-back`, {
      key: ann.key,
    });
    expect(back.status).toBe(200);
    expect(back.body.owner).toEqual({ type: 'agent', id: null, name: null });
    await post('m3', 'What are your opening hours?');
    await waitFor(
      () => delivered(conversationId).some((b) => b.text.includes('We are open 9 to 5')),
      'the agent’s answer delivered',
    );
    const again = await t.call('POST', `/api/v1/inbox/conversations/${conversationId}/hand-back`, {
      key: ann.key,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('not_handed_off');
  });

  it('round robin spreads three new conversations over a team of two', async () => {
    const owners: string[] = [];
    for (const c of ['rr-1', 'rr-2', 'rr-3']) {
      const id = await handedOff(`${c}-m`, c);
      const assigned = await t.call('POST', `/api/v1/inbox/conversations/${id}/assign`, {
        body: { teamId: team.id },
      });
      expect(assigned.status).toBe(200);
      owners.push(assigned.body.owner.name);
    }
    expect(owners).toEqual(['Ann', 'Bob', 'Ann']);
    const mine = async (userId: string) =>
      (await t.call('GET', `/api/v1/inbox/conversations?view=mine&userId=${userId}`)).body.conversations
        .length;
    expect([await mine(ann.id), await mine(bob.id)]).toEqual([2, 1]);
  });

  it('answers bad input with a code and the field path', async () => {
    const path = `/api/v1/inbox/conversations/${conversationId}`;
    const cases: Array<[string, string, unknown, number, string, string]> = [
      ['POST', `${path}/reply`, { text: '   ' }, 422, 'invalid', 'text'],
      ['POST', `${path}/notes`, {}, 422, 'invalid', 'text'],
      ['POST', `${path}/assign`, {}, 422, 'invalid', 'userId'],
      ['POST', `${path}/assign`, { userId: ann.id, teamId: team.id }, 422, 'invalid', 'userId'],
      ['POST', `${path}/assign`, { userId: 'usr_nobody' }, 422, 'invalid', 'userId'],
      ['POST', `${path}/assign`, { teamId: 'team_nobody' }, 422, 'invalid', 'teamId'],
      ['POST', `${path}/reply`, { text: 'x', userId: 'usr_nobody' }, 422, 'invalid', 'userId'],
      ['GET', '/api/v1/inbox/conversations?view=everything', undefined, 422, 'invalid', 'query.view'],
      ['GET', '/api/v1/inbox/conversations?cursor=bogus', undefined, 400, 'invalid_cursor', 'cursor'],
      ['GET', '/api/v1/inbox/conversations?limit=1000', undefined, 422, 'invalid', 'query.limit'],
    ];
    for (const [method, url, body, status, code, field] of cases) {
      const res = await t.call(method, url, body === undefined ? {} : { body });
      expect([url, res.status, res.body.error.code], JSON.stringify(res.body)).toEqual([url, status, code]);
      expect(res.body.error.details.map((d: any) => d.path)).toContain(field);
    }
    // A key of no user must say whose conversations `mine` lists.
    const plain = (
      await t.call('POST', '/api/v1/api-keys', { body: { name: 'plain', scopes: ['conversations:read'] } })
    ).body.key;
    const mine = await t.call('GET', '/api/v1/inbox/conversations?view=mine', { key: plain });
    expect([mine.status, mine.body.error.details[0].path]).toEqual([422, 'userId']);
    const bobAsAnn = await t.call('POST', `${path}/notes`, {
      key: bob.key,
      body: { text: 'x', userId: ann.id },
    });
    expect([bobAsAnn.status, bobAsAnn.body.error.details[0].path]).toEqual([422, 'userId']);
    expect((await t.call('GET', '/api/v1/inbox/conversations/cnv_nothing')).status).toBe(404);
    expect(
      (await t.call('POST', '/api/v1/inbox/conversations/cnv_nothing/reply', { body: { text: 'x' } })).status,
    ).toBe(404);
  });

  it('refuses to act on a closed conversation where it makes no sense (409), but keeps notes', async () => {
    const base = `/api/v1/inbox/conversations/${conversationId}`;
    const closed = await t.call('POST', `${base}/close`);
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    const sentBefore = delivered(conversationId).length;
    for (const [action, body] of [
      ['close', undefined],
      ['reply', { text: 'too late' }],
      ['assign', { userId: ann.id }],
      ['hand-back', undefined],
    ] as const) {
      const res = await t.call('POST', `${base}/${action}`, body ? { body } : {});
      expect([action, res.status, res.body.error.code]).toEqual([action, 409, 'conversation_closed']);
    }
    expect((await t.call('POST', `${base}/notes`, { body: { text: 'Closed: refund sent' } })).status).toBe(
      201,
    );
    const closedRow = (await t.call('GET', '/api/v1/inbox/conversations?view=closed')).body.conversations;
    expect(closedRow.map((c: any) => c.id)).toContain(conversationId);
    expect(delivered(conversationId)).toHaveLength(sentBefore);
  });
});
