import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { type GraphStandIn, startGraphStandIn } from '../support/meta/graph-stand-in.ts';
import { messengerEvents, messengerText, postSigned } from '../support/meta/webhooks.ts';
import { waitFor } from '../support/processes.ts';

/**
 * Messenger for a Page end to end (E1, issue 14): Meta's handshake, signed webhooks, echoes
 * and standby events ignored, a message stored and answered once, replies in the Send API's
 * exact shape on a Graph API stand-in (failing twice first), a yes/no confirmation sent as
 * quick replies and answered by tapping one, and delivery/read receipts.
 */
const PAGE_ID = '1122334455667788';
const PSID = '6243991752305318';
const secrets = {
  appSecret: 'ms-app-secret-0123456789abcdef',
  accessToken: 'EAAG-page-access-token-0123456789abcdefghij',
  verifyToken: 'ms-verify-token-0123456789',
};

describe.each(backends)('Messenger channel (%s)', (kind) => {
  let t: TestApp;
  let graph: GraphStandIn;
  let channelId: string;
  let hookUrl: string;

  beforeAll(async () => {
    graph = await startGraphStandIn({ accessToken: secrets.accessToken, pageIds: [PAGE_ID] });
    t = await startTestApp(kind, { env: { FRONTDESK_DEMO: 'on', FRONTDESK_DEV_HOSTS: graph.host } });
    const agents = (await t.call('GET', '/api/v1/agents')).body.agents;
    const demo = agents.find((a: { name: string }) => a.name === 'Demo Store Assistant');
    const created = await t.call('POST', '/api/v1/channels', {
      body: { type: 'messenger', name: 'Page', config: { pageId: PAGE_ID, graphApiUrl: graph.url }, secrets },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    channelId = created.body.id;
    hookUrl = `${t.url}/webhooks/messenger/${channelId}`;
    const deployed = await t.call('POST', '/api/v1/deployments', { body: { agentId: demo.id, channelId } });
    expect(deployed.status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await graph?.close();
  });

  const customerMessages = () =>
    t.rt.ctx.db.selectFrom('messages').select(['id', 'text']).where('role', '=', 'customer').execute();
  const conversation = async () => {
    const row = await t.rt.ctx.db
      .selectFrom('conversations')
      .select('id')
      .where('channel_id', '=', channelId)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    return (await t.call('GET', `/api/v1/conversations/${row.id}`)).body;
  };
  const delivered = () => graph.requests.filter((r) => r.status === 200);
  const say = async (mid: string, text: string, quickReply?: string) => {
    const before = delivered().length;
    const res = await postSigned(
      hookUrl,
      messengerEvents(PAGE_ID, [
        messengerText({ pageId: PAGE_ID, psid: PSID, mid, text, ...(quickReply ? { quickReply } : {}) }),
      ]),
      secrets.appSecret,
    );
    expect(res.status).toBe(200);
    await waitFor(() => delivered().length > before, `the reply to "${text}"`, 60_000);
    return delivered().at(-1)!;
  };

  it('answers the verification handshake only with the right verify token', async () => {
    const handshake = (token: string) =>
      fetch(
        `${hookUrl}?hub.mode=subscribe&hub.challenge=987654321&hub.verify_token=${encodeURIComponent(token)}`,
      );
    const ok = await handshake(secrets.verifyToken);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('987654321');
    expect((await handshake('wrong-token-0123456789')).status).toBe(403);
  });

  it('refuses a missing or bad signature and stores nothing', async () => {
    const payload = messengerEvents(PAGE_ID, [
      messengerText({ pageId: PAGE_ID, psid: PSID, mid: 'm_bad', text: 'hi' }),
    ]);
    expect((await postSigned(hookUrl, payload, null)).status).toBe(401);
    expect((await postSigned(hookUrl, payload, 'another-app-secret-0123456789')).status).toBe(403);
    expect(await customerMessages()).toHaveLength(0);
  });

  it('ignores echoes of the page and standby events', async () => {
    const echo = messengerText({
      pageId: PAGE_ID,
      psid: PSID,
      mid: 'm_echo',
      text: 'Sent by the page',
      echo: true,
    });
    const standby = messengerText({
      pageId: PAGE_ID,
      psid: PSID,
      mid: 'm_standby',
      text: 'owned by another app',
    });
    const res = await postSigned(hookUrl, messengerEvents(PAGE_ID, [echo], [standby]), secrets.appSecret);
    expect(res.status).toBe(200);
    expect(await customerMessages()).toHaveLength(0);
  });

  it('stores a redelivered message once and replies once, in the Send API shape, after two failures', async () => {
    graph.failNext(2, 503);
    const event = messengerText({
      pageId: PAGE_ID,
      psid: PSID,
      mid: 'm_first',
      text: 'I forgot my password',
    });
    const first = await postSigned(hookUrl, messengerEvents(PAGE_ID, [event]), secrets.appSecret);
    expect(first.status).toBe(200);
    expect((await postSigned(hookUrl, messengerEvents(PAGE_ID, [event]), secrets.appSecret)).status).toBe(
      200,
    );
    await waitFor(() => delivered().length === 1, 'the reply', 60_000);
    // The stand-in answers before the outbox records the send: wait for the record as well.
    await waitFor(
      async () =>
        (await conversation()).messages.some((m: any) => m.role === 'agent' && m.delivery?.state === 'sent'),
      'the reply marked sent',
      60_000,
    );
    expect(graph.requests.map((r) => r.status)).toEqual([503, 503, 200]);
    const conv = await conversation();
    expect(conv.messages.filter((m: any) => m.role === 'customer')).toHaveLength(1);
    const replies = conv.messages.filter((m: any) => m.role === 'agent');
    expect(replies).toHaveLength(1);
    expect(replies[0].delivery).toMatchObject({ state: 'sent', attempts: 3 });
    for (const r of graph.requests) {
      expect(r.path).toBe(`/v23.0/${PAGE_ID}/messages`);
      expect(r.headers.authorization).toBe(`Bearer ${secrets.accessToken}`);
      expect(r.body).toEqual({
        recipient: { id: PSID },
        messaging_type: 'RESPONSE',
        message: { text: replies[0].text },
      });
    }
    expect(conv.contact.identities).toEqual([expect.objectContaining({ type: 'messenger', value: PSID })]);
  });

  it('sends a yes/no confirmation as quick replies, and a tap on "Yes" confirms', async () => {
    const asked = await say('m_email', 'jane@example.com');
    expect((await conversation()).state).toBe('awaiting_confirmation');
    expect(asked.body).toEqual({
      recipient: { id: PSID },
      messaging_type: 'RESPONSE',
      message: {
        text: expect.stringMatching(/^To confirm: .*Shall I go ahead\?$/),
        quick_replies: [
          { content_type: 'text', title: 'Yes', payload: 'yes' },
          { content_type: 'text', title: 'No', payload: 'no' },
        ],
      },
    });
    const done = await say('m_yes', 'Yes', 'yes');
    expect(done.body.message.text).toContain("I've sent a password reset link to jane@example.com");
    expect(done.body.message.quick_replies).toBeUndefined();
  });

  it('moves the delivery state with delivery and read receipts', async () => {
    const mids = graph.requests.filter((r) => r.status === 200).map((r) => r.response.message_id as string);
    const receipt = (body: Record<string, unknown>) =>
      postSigned(
        hookUrl,
        messengerEvents(PAGE_ID, [
          { sender: { id: PSID }, recipient: { id: PAGE_ID }, timestamp: Date.now(), ...body },
        ]),
        secrets.appSecret,
      );
    const states = async () =>
      (await conversation()).messages
        .filter((m: any) => m.role === 'agent')
        .map((m: any) => m.delivery.state);
    expect((await receipt({ delivery: { mids: [mids[0]], watermark: Date.now() } })).status).toBe(200);
    expect(await states()).toEqual(['delivered', 'sent', 'sent']);
    expect((await receipt({ read: { watermark: Date.now() } })).status).toBe(200);
    expect(await states()).toEqual(['read', 'read', 'read']);
  });

  it('sends nothing and hands the conversation to a person when the 24-hour window has closed', async () => {
    const before = graph.requests.length;
    const late = messengerText({
      pageId: PAGE_ID,
      psid: '6243991752305999',
      mid: 'm_late',
      text: 'Do you ship internationally?',
      at: new Date(Date.now() - 25 * 3600_000),
    });
    expect((await postSigned(hookUrl, messengerEvents(PAGE_ID, [late]), secrets.appSecret)).status).toBe(200);
    // The handoff comes first, then the outbox records the failure: wait for both.
    await waitFor(
      async () => {
        const c = await conversation();
        return (
          c.state === 'handed_off' &&
          c.messages.some((m: any) => m.role === 'agent' && m.delivery?.state === 'failed')
        );
      },
      'the handoff and the failed reply',
      30_000,
    );
    const conv = await conversation();
    expect(conv.contact.identities).toEqual([expect.objectContaining({ value: '6243991752305999' })]);
    expect(conv.messages.find((m: any) => m.role === 'agent').delivery).toMatchObject({
      state: 'failed',
      error: expect.stringContaining("Messenger's 24-hour customer-service window"),
    });
    expect(conv.handoffs).toEqual([expect.objectContaining({ reason: 'window_closed' })]);
    expect(graph.requests.length).toBe(before);
  });
});
