import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/channels/types.ts';
import { whatsAppChannel } from '../../src/channels/whatsapp/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { type GraphStandIn, startGraphStandIn } from '../support/meta/graph-stand-in.ts';
import {
  metaJson,
  metaSignature,
  postSigned,
  whatsAppStatus,
  whatsAppText,
} from '../support/meta/webhooks.ts';
import { waitFor } from '../support/processes.ts';

/**
 * WhatsApp (Cloud API) end to end (E1, issue 14): Meta's handshake, signed webhooks verified
 * over the raw bytes, a message stored and answered once however often it is delivered, the
 * reply in the Cloud API's exact request shape reaching a Graph API stand-in on loopback
 * (failing twice first), status receipts moving the delivery state, the 24-hour window, and
 * a person's reply from the inbox.
 */
const PHONE_NUMBER_ID = '106540352242922';
const secrets = {
  appSecret: 'wa-app-secret-0123456789abcdef',
  accessToken: 'EAAG-wa-access-token-0123456789abcdefghijkl',
  verifyToken: 'wa-verify-token-0123456789',
};

describe.each(backends)('WhatsApp channel (%s)', (kind) => {
  let t: TestApp;
  let graph: GraphStandIn;
  let channelId: string;
  let hookUrl: string;

  beforeAll(async () => {
    graph = await startGraphStandIn({ accessToken: secrets.accessToken, phoneNumberIds: [PHONE_NUMBER_ID] });
    t = await startTestApp(kind, { env: { FRONTDESK_DEV_HOSTS: graph.host } });
    const agentId = (await t.call('GET', '/api/v1/agents')).body.agents[0].id;
    const faq = await t.call('POST', `/api/v1/agents/${agentId}/knowledge/faqs`, {
      body: { question: 'What are your opening hours?', answer: 'We are open 9 to 5, Monday to Friday.' },
    });
    expect(faq.status).toBe(201);
    const created = await t.call('POST', '/api/v1/channels', {
      body: {
        type: 'whatsapp',
        name: 'WhatsApp',
        config: { phoneNumberId: PHONE_NUMBER_ID, graphApiUrl: graph.url },
        secrets,
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    channelId = created.body.id;
    hookUrl = `${t.url}/webhooks/whatsapp/${channelId}`;
    const shown = await t.call('GET', `/api/v1/channels/${channelId}`);
    expect(shown.body.secretsSet).toEqual(['accessToken', 'appSecret', 'verifyToken']);
    expect(JSON.stringify(shown.body)).not.toContain(secrets.accessToken);
    expect((await t.call('POST', '/api/v1/deployments', { body: { agentId, channelId } })).status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await graph?.close();
  });

  const customerMessages = () =>
    t.rt.ctx.db
      .selectFrom('messages')
      .select(['id', 'conversation_id'])
      .where('role', '=', 'customer')
      .execute();
  const conversationOf = async (waId: string) => {
    const row = await t.rt.ctx.db
      .selectFrom('conversations as c')
      .innerJoin('contact_identities as i', 'i.contact_id', 'c.contact_id')
      .select('c.id')
      .where('i.type', '=', 'whatsapp')
      .where('i.value', '=', waId)
      .orderBy('c.created_at', 'desc')
      .executeTakeFirstOrThrow();
    return (await t.call('GET', `/api/v1/conversations/${row.id}`)).body;
  };
  const sentTo = (waId: string) => graph.requests.filter((r) => r.body?.to === waId);

  it('answers the verification handshake only with the right verify token', async () => {
    const handshake = (token: string, mode = 'subscribe', id = channelId) =>
      fetch(
        `${t.url}/webhooks/whatsapp/${id}?hub.mode=${mode}&hub.challenge=1158201444&hub.verify_token=${encodeURIComponent(token)}`,
      );
    const ok = await handshake(secrets.verifyToken);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    expect((await handshake(`${secrets.verifyToken}x`)).status).toBe(403);
    expect((await handshake(secrets.verifyToken, 'unsubscribe')).status).toBe(403);
    expect((await handshake(secrets.verifyToken, 'subscribe', 'chn_nope')).status).toBe(403);
    expect((await fetch(`${t.url}/webhooks/whatsapp/${channelId}`)).status).toBe(403);
  });

  it('refuses a missing or bad signature and stores nothing', async () => {
    const payload = whatsAppText({
      phoneNumberId: PHONE_NUMBER_ID,
      from: '447700900001',
      id: 'wamid.bad',
      text: 'hi',
    });
    expect((await postSigned(hookUrl, payload, null)).status).toBe(401);
    expect((await postSigned(hookUrl, payload, 'another-app-secret-0123456789')).status).toBe(403);
    // Signed over a different serialisation of the same payload: not the bytes sent.
    const other = metaSignature(secrets.appSecret, JSON.stringify(payload, null, 1));
    expect((await postSigned(hookUrl, payload, null, { signature: other })).status).toBe(403);
    expect((await postSigned(`${t.url}/webhooks/whatsapp/chn_nope`, payload, secrets.appSecret)).status).toBe(
      403,
    );
    expect(await customerMessages()).toHaveLength(0);
  });

  it('stores a redelivered message once and replies once, after the Graph API failed twice, in its exact shape', async () => {
    graph.failNext(2, 500);
    const payload = whatsAppText({
      phoneNumberId: PHONE_NUMBER_ID,
      from: '447700900123',
      id: 'wamid.HBgMNDQ3NzAwOTAwMTIzFQIAEhgUM0FCMDU3',
      text: 'What are your opening hours? Merci, café',
      name: 'Zoë',
    });
    const first = await postSigned(hookUrl, payload, secrets.appSecret);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true });
    expect((await postSigned(hookUrl, payload, secrets.appSecret)).status).toBe(200);

    await waitFor(
      async () =>
        (await conversationOf('447700900123')).messages.some((m: any) => m.delivery?.state === 'sent'),
      'the reply delivered',
      60_000,
    );
    const conv = await conversationOf('447700900123');
    const customer = conv.messages.filter((m: any) => m.role === 'customer');
    expect(customer).toHaveLength(1);
    expect(customer[0].text).toBe('What are your opening hours? Merci, café');
    const replies = conv.messages.filter((m: any) => m.replyTo === customer[0].id);
    expect(replies).toHaveLength(1);
    expect(replies[0].text).toContain('We are open 9 to 5');
    expect(replies[0].delivery).toMatchObject({ state: 'sent', attempts: 3, error: null });
    expect(conv.channel).toBe('whatsapp');
    expect(conv.contact).toMatchObject({ name: 'Zoë', phone: '+447700900123', verified: [] });
    expect(conv.contact.identities).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'whatsapp', value: '447700900123', verified: false }),
        expect.objectContaining({ type: 'phone', value: '+447700900123', verified: false }),
      ]),
    );

    const sent = sentTo('447700900123');
    expect(sent.map((r) => r.status)).toEqual([500, 500, 200]);
    for (const r of sent) {
      expect(r.path).toBe(`/v23.0/${PHONE_NUMBER_ID}/messages`);
      expect(r.headers.authorization).toBe(`Bearer ${secrets.accessToken}`);
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.body).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '447700900123',
        type: 'text',
        text: { body: replies[0].text },
      });
    }
    // A later sweep sends nothing more.
    await new Promise((r) => setTimeout(r, 1500));
    expect(sentTo('447700900123')).toHaveLength(3);
  });

  it('moves the delivery state with status receipts, never backwards', async () => {
    const wamid = sentTo('447700900123').at(-1)!.response.messages[0].id as string;
    const state = async () =>
      (await conversationOf('447700900123')).messages.find((m: any) => m.role === 'agent').delivery.state;
    const status = (s: 'sent' | 'delivered' | 'read' | 'failed') =>
      postSigned(
        hookUrl,
        whatsAppStatus({ phoneNumberId: PHONE_NUMBER_ID, id: wamid, status: s, recipient: '447700900123' }),
        secrets.appSecret,
      );
    expect((await status('delivered')).status).toBe(200);
    expect(await state()).toBe('delivered');
    expect((await status('read')).status).toBe(200);
    expect(await state()).toBe('read');
    expect((await status('delivered')).status).toBe(200);
    expect(await state()).toBe('read');
    // A receipt for a message of another channel or none at all changes nothing.
    const unknown = whatsAppStatus({
      phoneNumberId: PHONE_NUMBER_ID,
      id: 'wamid.unknown',
      status: 'failed',
      recipient: '1',
    });
    expect((await postSigned(hookUrl, unknown, secrets.appSecret)).status).toBe(200);
  });

  it("sends a person's reply from the inbox, and shows a failed receipt on it", async () => {
    const before = sentTo('447700900123').length;
    const res = await t.call(
      'POST',
      `/api/v1/conversations/${(await conversationOf('447700900123')).id}/human-replies`,
      {
        body: { text: 'A person here: can I help with anything else?' },
      },
    );
    expect(res.status).toBe(204);
    await waitFor(() => sentTo('447700900123').length > before, 'the human reply sent');
    const request = sentTo('447700900123').at(-1)!;
    expect(request.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '447700900123',
      type: 'text',
      text: { body: 'A person here: can I help with anything else?' },
    });
    const human = async () =>
      (await conversationOf('447700900123')).messages.find((m: any) => m.role === 'human');
    await waitFor(async () => (await human()).delivery.state === 'sent', 'the human reply marked sent');
    const failed = whatsAppStatus({
      phoneNumberId: PHONE_NUMBER_ID,
      id: request.response.messages[0].id,
      status: 'failed',
      recipient: '447700900123',
    });
    expect((await postSigned(hookUrl, failed, secrets.appSecret)).status).toBe(200);
    expect((await human()).delivery).toMatchObject({
      state: 'failed',
      error: expect.stringContaining('131026'),
    });
  });

  it('hands the conversation to a person, sending nothing, when the 24-hour window has closed', async () => {
    // Meta redelivers for days: this message was written 25 hours ago.
    const at = new Date(Date.now() - 25 * 3600_000);
    const payload = whatsAppText({
      phoneNumberId: PHONE_NUMBER_ID,
      from: '14155550123',
      id: 'wamid.late',
      text: 'What are your opening hours?',
      at,
    });
    expect((await postSigned(hookUrl, payload, secrets.appSecret)).status).toBe(200);
    await waitFor(
      async () =>
        (await conversationOf('14155550123')).messages.some((m: any) => m.delivery?.state === 'failed'),
      'the reply failed',
      30_000,
    );
    const conv = await conversationOf('14155550123');
    const reply = conv.messages.find((m: any) => m.role === 'agent');
    expect(reply.delivery).toMatchObject({ state: 'failed', attempts: 1 });
    expect(reply.delivery.error).toContain('24-hour');
    expect(conv.state).toBe('handed_off');
    expect(conv.handoffs).toEqual([expect.objectContaining({ reason: 'window_closed', resolvedAt: null })]);
    expect(conv.handoffs[0].summary).toContain('more than 24 hours');
    expect(sentTo('14155550123')).toHaveLength(0);
  });

  it('hands over too when Meta itself refuses for the window (error 131047)', async () => {
    const payload = whatsAppText({
      phoneNumberId: PHONE_NUMBER_ID,
      from: '14155550199',
      id: 'wamid.x',
      text: 'What are your opening hours?',
    });
    graph.failNext(1, 400, 131047);
    expect((await postSigned(hookUrl, payload, secrets.appSecret)).status).toBe(200);
    await waitFor(
      async () => (await conversationOf('14155550199')).state === 'handed_off',
      'the handoff',
      30_000,
    );
    const conv = await conversationOf('14155550199');
    expect(conv.messages.find((m: any) => m.role === 'agent').delivery).toMatchObject({
      state: 'failed',
      attempts: 1,
    });
    expect(sentTo('14155550199').map((r) => r.status)).toEqual([400]);
  });

  it("sends the setup screen's test message to a phone number, for this account only", async () => {
    const accountId = (await t.call('GET', '/api/v1/account')).body.account.id;
    const test = { accountId, channelId, to: '+447700900555', text: 'Frontdesk test message' };
    await whatsAppChannel.sendTest!(t.rt.ctx, test);
    expect(sentTo('447700900555').map((r) => r.body)).toEqual([
      {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '447700900555',
        type: 'text',
        text: { body: 'Frontdesk test message' },
      },
    ]);
    await expect(whatsAppChannel.sendTest!(t.rt.ctx, { ...test, accountId: 'acc_other' })).rejects.toThrow(
      DeliveryError,
    );
    graph.failNext(1, 401, 190);
    await expect(whatsAppChannel.sendTest!(t.rt.ctx, test)).rejects.toMatchObject({
      permanent: true,
      message: expect.stringContaining('error 190'),
    });
  });

  it('refuses an invalid payload with the field path and stores nothing of it', async () => {
    const before = (await customerMessages()).length;
    const payload = whatsAppText({
      phoneNumberId: PHONE_NUMBER_ID,
      from: 'not-a-number',
      id: 'wamid.y',
      text: 'x',
    });
    const res = await postSigned(hookUrl, payload, secrets.appSecret);
    expect(res.status).toBe(422);
    const body = (await res.json()) as any;
    expect(body.error.details[0].path).toBe('entry[0].changes[0].value.messages[0].from');
    expect(await customerMessages()).toHaveLength(before);
    expect(metaJson({ a: 'é' })).toBe('{"a":"\\u00e9"}');
  });
});
