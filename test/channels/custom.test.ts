import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/channels/custom/signature.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { waitFor } from '../support/processes.ts';
import { startWebhookReceiver } from '../support/webhook-receiver.ts';

/**
 * A custom channel end to end (E1, issues 7 and 11): the business posts with the channel
 * key; the message is stored once per message id and answered once; the reply goes to the
 * webhook through the outbox — a receiver failing twice gets it on the third try, once —
 * signed so the documented recipe verifies it; the delivery state is visible in the API.
 */
describe.each(backends)('custom channel (%s)', (kind) => {
  let t: TestApp;
  let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let channel: { id: string; secrets: { channelKey: string; webhookSecret: string } };

  beforeAll(async () => {
    hook = await startWebhookReceiver([500, 503]);
    t = await startTestApp(kind, { env: { FRONTDESK_DEV_HOSTS: hook.host } });
    const agentId = (await t.call('GET', '/api/v1/agents')).body.agents[0].id;
    const faq = await t.call('POST', `/api/v1/agents/${agentId}/knowledge/faqs`, {
      body: { question: 'What are your opening hours?', answer: 'We are open 9 to 5, Monday to Friday.' },
    });
    expect(faq.status).toBe(201);
    const created = await t.call('POST', '/api/v1/channels', {
      body: { type: 'custom', name: 'Shop app', config: { webhookUrl: hook.url } },
    });
    expect(created.status).toBe(201);
    channel = created.body;
    const deployed = await t.call('POST', '/api/v1/deployments', {
      body: { agentId, channelId: channel.id },
    });
    expect(deployed.status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
    await hook?.close();
  });

  const post = (body: unknown, key: string | null = channel.secrets.channelKey) =>
    fetch(`${t.url}/webhooks/custom/${channel.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify(body),
    });
  const message = {
    messageId: 'shop-1',
    contact: { id: 'cust-42', name: 'Ada' },
    text: 'What are your opening hours?',
  };

  it('refuses a missing or wrong key with 401 and stores nothing', async () => {
    expect((await post(message, null)).status).toBe(401);
    expect((await post(message, 'x'.repeat(24))).status).toBe(401);
    const other = await fetch(`${t.url}/webhooks/custom/chn_nope`, { method: 'POST' });
    expect(other.status).toBe(401);
    const list = await t.rt.ctx.db
      .selectFrom('messages')
      .select('id')
      .where('role', '=', 'customer')
      .execute();
    expect(list).toHaveLength(0);
  });

  it('stores a repeated message once, answers once, and delivers after two failures, signed', async () => {
    const first = await post(message);
    expect(first.status).toBe(202);
    const got = (await first.json()) as { conversationId: string; messageId: string; duplicate: boolean };
    expect(got.duplicate).toBe(false);
    const again = (await (await post(message)).json()) as { messageId: string; duplicate: boolean };
    expect(again).toMatchObject({ messageId: got.messageId, duplicate: true });

    const view = async () => (await t.call('GET', `/api/v1/conversations/${got.conversationId}`)).body;
    await waitFor(
      async () =>
        (await view()).messages.some((m: any) => m.replyTo === got.messageId && m.delivery.state === 'sent'),
      'the reply delivered',
      60_000,
    );
    const conv = await view();
    const replies = conv.messages.filter((m: any) => m.replyTo === got.messageId);
    expect(replies).toHaveLength(1);
    expect(replies[0].text).toContain('We are open 9 to 5');
    expect(replies[0].delivery).toMatchObject({ state: 'sent', attempts: 3, error: null });
    expect(conv.messages.filter((m: any) => m.role === 'customer')).toHaveLength(1);

    // Three attempts reached the receiver; one succeeded; each was signed.
    expect(hook.received).toHaveLength(3);
    for (const r of hook.received) {
      expect(
        verifySignature(channel.secrets.webhookSecret, r.body, r.headers['x-frontdesk-signature'] as string),
      ).toBe(true);
      expect(r.headers['idempotency-key']).toBe(replies[0].id);
    }
    expect(
      verifySignature(
        'another-secret-another-secret-xx',
        hook.received[2]!.body,
        hook.received[2]!.headers['x-frontdesk-signature'] as string,
      ),
    ).toBe(false);
    expect(JSON.parse(hook.received[2]!.body)).toMatchObject({
      type: 'message',
      conversationId: got.conversationId,
      messageId: replies[0].id,
      text: replies[0].text,
    });
    // A later sweep sends nothing more.
    await new Promise((r) => setTimeout(r, 1500));
    expect(hook.received).toHaveLength(3);
  });

  it('continues the open conversation for the same customer', async () => {
    const next = (await (await post({ ...message, messageId: 'shop-2', text: 'thanks' })).json()) as {
      conversationId: string;
    };
    const first = (await (await post(message)).json()) as { conversationId: string };
    expect(next.conversationId).toBe(first.conversationId);
  });

  it('updates a changed name, never reopens a closed conversation, and stays idempotent after it', async () => {
    const contactName = async (conversationId: string) =>
      (await t.call('GET', `/api/v1/conversations/${conversationId}`)).body.contact.name;
    const lovelace = { ...message, contact: { id: 'cust-42', name: 'Ada Lovelace' } };
    const send = async (body: unknown) =>
      (await (await post(body)).json()) as { conversationId: string; messageId: string; duplicate: boolean };
    const named = await send({ ...lovelace, messageId: 'shop-3' });
    expect(named.duplicate).toBe(false);
    expect(await contactName(named.conversationId)).toBe('Ada Lovelace');
    // The same input again (the remembered conversation), then closed by an agent.
    expect((await send({ ...lovelace, messageId: 'shop-4' })).conversationId).toBe(named.conversationId);
    const closed = await t.call('POST', `/api/v1/conversations/${named.conversationId}/close`, { body: {} });
    expect(closed.status).toBe(200);

    const after = await send({ ...lovelace, messageId: 'shop-5', text: 'Hello again' });
    expect(after.conversationId).not.toBe(named.conversationId);
    expect(after.duplicate).toBe(false);
    expect(await send({ ...lovelace, messageId: 'shop-5', text: 'Hello again' })).toEqual({
      ...after,
      duplicate: true,
    });
    const renamed = await send({ ...message, messageId: 'shop-6' });
    expect(renamed.conversationId).toBe(after.conversationId);
    expect(await contactName(after.conversationId)).toBe('Ada');
    const customerIds = async (conversationId: string) =>
      (
        await t.rt.ctx.db
          .selectFrom('messages')
          .select('channel_message_id')
          .where('conversation_id', '=', conversationId)
          .where('role', '=', 'customer')
          .orderBy('seq')
          .execute()
      ).map((m) => m.channel_message_id);
    expect(await customerIds(named.conversationId)).toEqual(['shop-1', 'shop-2', 'shop-3', 'shop-4']);
    expect(await customerIds(after.conversationId)).toEqual(['shop-5', 'shop-6']);
  });

  it('refuses a rotated key at once and accepts the new one', async () => {
    const rotated = await t.call('PATCH', `/api/v1/channels/${channel.id}`, {
      body: { rotate: ['channelKey'] },
    });
    expect(rotated.status).toBe(200);
    const newKey = rotated.body.secrets.channelKey as string;
    expect(newKey).not.toBe(channel.secrets.channelKey);
    const old = await post({ ...message, messageId: 'shop-7' });
    expect(old.status).toBe(401);
    const fresh = await post({ ...message, messageId: 'shop-7' }, newKey);
    expect(fresh.status).toBe(202);
    const deleted = await t.call('DELETE', `/api/v1/channels/${channel.id}`);
    expect(deleted.status).toBe(204);
    expect((await post({ ...message, messageId: 'shop-8' }, newKey)).status).toBe(401);
  });
});
