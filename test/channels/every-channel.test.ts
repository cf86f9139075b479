import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { type GraphStandIn, startGraphStandIn } from '../support/meta/graph-stand-in.ts';
import { messengerEvents, messengerText, postSigned, whatsAppText } from '../support/meta/webhooks.ts';
import { waitFor } from '../support/processes.ts';
import { startTwilioStandIn, type TwilioStandIn } from '../support/twilio/stand-in.ts';
import { startWebhookReceiver } from '../support/webhook-receiver.ts';

/**
 * Every webhook channel obeys the deployment rules (E1–E7, issue 14): the same scenario
 * through each channel's real, signed webhook — the agent answers on the channel; with the
 * switch off a new conversation goes to the deployment's assignment rule (round robin in a
 * team, its message delivered on the channel) while an existing one stays with the agent;
 * credits consumed once per conversation and, at zero, the assignment rule; outside working
 * hours the assignment rule; a routing rule on the channel; and a person's inbox reply
 * leaving on the conversation's channel in the provider's shape. One driver per channel
 * (send a message in, read what reached the provider), not one copy of the test each.
 */
const PHONE_NUMBER_ID = '106540352242922';
const PAGE_ID = '1122334455667788';
const SMS_NUMBER = '+15005550006';
const metaSecrets = {
  appSecret: 'mx-app-secret-0123456789abcdef',
  accessToken: 'EAAG-mx-access-token-0123456789abcdefghijkl',
  verifyToken: 'mx-verify-token-0123456789',
};
const QUESTION = 'What are your opening hours?';
const ANSWER = 'We are open 9 to 5';
const AWAY = 'A person will reply shortly.';
const VIP = 'Our VIP desk will take it from here.';
const TYPES = ['custom', 'whatsapp', 'messenger', 'twilio-sms'] as const;
type ChannelType = (typeof TYPES)[number];

/** What the test does with one channel: post a customer's message in, read what reached its provider. */
interface Driver {
  channelId: string;
  deploymentId: string;
  /** The n-th customer's address on this channel (a phone, a PSID, the business's contact id). */
  address(n: number): string;
  /** Posts one signed inbound message; returns the provider's message id. */
  send(address: string, text: string): Promise<string>;
  /** Texts that reached the provider for this customer, read in the provider's own request shape. */
  sent(address: string, conversationId: string): string[];
}

describe.each(backends)('every channel obeys the deployment (%s)', (kind) => {
  let t: TestApp;
  let graph: GraphStandIn;
  let tw: TwilioStandIn;
  let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let agentId: string;
  let support: string[];
  let vipDesk: string;
  const drivers = {} as Record<ChannelType, Driver>;
  let mid = 0;

  const createChannel = async (body: Record<string, unknown>) => {
    const created = await t.call('POST', '/api/v1/channels', { body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const deployed = await t.call('POST', '/api/v1/deployments', {
      body: {
        agentId,
        channelId: created.body.id,
        whenUnavailable: { assignTo: 'team', teamId: 'Support', message: AWAY },
      },
    });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
    return { channel: created.body, deploymentId: deployed.body.id as string };
  };

  beforeAll(async () => {
    hook = await startWebhookReceiver();
    graph = await startGraphStandIn({
      accessToken: metaSecrets.accessToken,
      phoneNumberIds: [PHONE_NUMBER_ID],
      pageIds: [PAGE_ID],
    });
    tw = await startTwilioStandIn();
    t = await startTestApp(kind, {
      env: { FRONTDESK_DEV_HOSTS: [hook.host, graph.host, tw.host].join(',') },
    });
    agentId = (await t.call('GET', '/api/v1/agents')).body.agents[0].id;
    const faq = await t.call('POST', `/api/v1/agents/${agentId}/knowledge/faqs`, {
      body: { question: QUESTION, answer: `${ANSWER}, Monday to Friday.` },
    });
    expect(faq.status).toBe(201);
    support = [];
    for (const who of ['rui', 'mia', 'ivo']) {
      const u = await t.call('POST', '/api/v1/users', {
        body: { email: `${who}@example.com`, name: who, role: 'editor' },
      });
      support.push(u.body.id);
    }
    expect(
      (await t.call('POST', '/api/v1/teams', { body: { name: 'Support', members: support.slice(0, 2) } }))
        .status,
    ).toBe(201);
    expect(
      (await t.call('POST', '/api/v1/teams', { body: { name: 'VIP', members: [support[2]] } })).status,
    ).toBe(201);
    vipDesk = support[2]!;

    const custom = await createChannel({
      type: 'custom',
      name: 'Shop app',
      config: { webhookUrl: hook.url },
    });
    drivers.custom = {
      channelId: custom.channel.id,
      deploymentId: custom.deploymentId,
      address: (n) => `cust-${n}`,
      async send(address, text) {
        const id = `shop-${++mid}`;
        const res = await fetch(`${t.url}/webhooks/custom/${custom.channel.id}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${custom.channel.secrets.channelKey}`,
          },
          body: JSON.stringify({ messageId: id, contact: { id: address, name: 'Ada' }, text }),
        });
        expect(res.status).toBe(202);
        return id;
      },
      sent: (_address, conversationId) =>
        hook.received
          .map((r) => JSON.parse(r.body))
          .filter((p) => p.type === 'message' && p.conversationId === conversationId)
          .map((p) => p.text),
    };

    const wa = await createChannel({
      type: 'whatsapp',
      name: 'WhatsApp',
      config: { phoneNumberId: PHONE_NUMBER_ID, graphApiUrl: graph.url },
      secrets: metaSecrets,
    });
    drivers.whatsapp = {
      channelId: wa.channel.id,
      deploymentId: wa.deploymentId,
      address: (n) => `4477009${String(n).padStart(5, '0')}`,
      async send(address, text) {
        const id = `wamid.MX${++mid}`;
        const payload = whatsAppText({ phoneNumberId: PHONE_NUMBER_ID, from: address, id, text });
        const res = await postSigned(
          `${t.url}/webhooks/whatsapp/${wa.channel.id}`,
          payload,
          metaSecrets.appSecret,
        );
        expect(res.status).toBe(200);
        return id;
      },
      sent: (address) =>
        graph.requests
          .filter(
            (r) =>
              r.status === 200 &&
              r.nodeId === PHONE_NUMBER_ID &&
              r.body?.messaging_product === 'whatsapp' &&
              r.body.to === address &&
              r.body.type === 'text',
          )
          .map((r) => r.body.text.body),
    };

    const ms = await createChannel({
      type: 'messenger',
      name: 'Page',
      config: { pageId: PAGE_ID, graphApiUrl: graph.url },
      secrets: metaSecrets,
    });
    drivers.messenger = {
      channelId: ms.channel.id,
      deploymentId: ms.deploymentId,
      address: (n) => `62439917${String(n).padStart(8, '0')}`,
      async send(address, text) {
        const id = `m_MX${++mid}`;
        const payload = messengerEvents(PAGE_ID, [
          messengerText({ pageId: PAGE_ID, psid: address, mid: id, text }),
        ]);
        const res = await postSigned(
          `${t.url}/webhooks/messenger/${ms.channel.id}`,
          payload,
          metaSecrets.appSecret,
        );
        expect(res.status).toBe(200);
        return id;
      },
      sent: (address) =>
        graph.requests
          .filter((r) => r.status === 200 && r.nodeId === PAGE_ID && r.body?.recipient?.id === address)
          .map((r) => r.body.message.text),
    };

    const sms = await createChannel({
      type: 'twilio-sms',
      name: 'Shop SMS',
      config: {
        accountSid: tw.accountSid,
        phoneNumber: SMS_NUMBER,
        apiBaseUrl: tw.url,
        webhookBaseUrl: t.url,
      },
      secrets: { authToken: tw.authToken },
    });
    drivers['twilio-sms'] = {
      channelId: sms.channel.id,
      deploymentId: sms.deploymentId,
      address: (n) => `+1415555${String(n).padStart(4, '0')}`,
      async send(address, text) {
        const id = `SM${String(++mid).padStart(32, '0')}`;
        const res = await tw.webhook(`${t.url}/webhooks/twilio-sms/${sms.channel.id}`, {
          MessageSid: id,
          SmsMessageSid: id,
          SmsSid: id,
          AccountSid: tw.accountSid,
          From: address,
          To: SMS_NUMBER,
          Body: text,
          NumMedia: '0',
          NumSegments: '1',
          ApiVersion: '2010-04-01',
        });
        expect(res.status).toBe(200);
        return id;
      },
      sent: (address) =>
        tw
          .sent()
          .filter((f) => f.To === address && f.From === SMS_NUMBER)
          .map((f) => f['Body'] ?? ''),
    };
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await Promise.all([graph?.close(), tw?.close(), hook?.close()]);
  });

  describe.each(TYPES)('%s', (type) => {
    let d: Driver;
    let customers = 0;
    /** The agent's conversation from the first test, still open. */
    let existing: { address: string; id: string };
    /** A conversation the switch sent to a person. */
    let withPerson: { address: string; id: string };

    beforeAll(() => {
      d = drivers[type];
    });

    const conversationOf = async (channelMessageId: string): Promise<string> => {
      let id: string | undefined;
      await waitFor(
        async () => {
          const row = await t.rt.ctx.db
            .selectFrom('messages')
            .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
            .select('conversations.id')
            .where('conversations.channel_id', '=', d.channelId)
            .where('messages.channel_message_id', '=', channelMessageId)
            .executeTakeFirst();
          id = row?.id;
          return !!id;
        },
        `the message ${channelMessageId} stored`,
        30_000,
      );
      return id!;
    };
    const view = async (id: string) => (await t.call('GET', `/api/v1/conversations/${id}`)).body;
    /** A new customer says something; resolves when `expected` reached the provider for them. */
    const newCustomer = async (expected: string) => {
      const address = d.address(++customers);
      const id = await conversationOf(await d.send(address, QUESTION));
      await waitFor(
        () => d.sent(address, id).some((s) => s.includes(expected)),
        `"${expected}" on ${type}`,
        60_000,
      );
      return { address, id };
    };
    const answers = (c: { address: string; id: string }) =>
      d.sent(c.address, c.id).filter((s) => s.includes(ANSWER)).length;

    it('deployed with the agent on: the agent answers on the channel', async () => {
      existing = await newCustomer(ANSWER);
      const conv = await view(existing.id);
      expect(conv.channel).toBe(type);
      expect(conv.owner).toEqual({ type: 'agent' });
      await waitFor(
        async () =>
          (await view(existing.id)).messages.find((m: any) => m.role === 'agent').delivery.state === 'sent',
        'the answer marked sent',
        30_000,
      );
    }, 180_000);

    it('switch off: a new conversation goes to the team (round robin) with the message; the existing one stays with the agent', async () => {
      expect((await t.call('PATCH', '/api/v1/agent-switch', { body: { on: false } })).body.on).toBe(false);
      try {
        withPerson = await newCustomer(AWAY);
        const second = await newCustomer(AWAY);
        const owners = [(await view(withPerson.id)).owner, (await view(second.id)).owner];
        expect(owners.map((o) => o.type)).toEqual(['user', 'user']);
        // Round robin: two new conversations in a row go to the team's two members.
        expect(owners.map((o) => o.id).sort()).toEqual([...support.slice(0, 2)].sort());

        await d.send(existing.address, QUESTION);
        await waitFor(() => answers(existing) === 2, 'the agent answers the existing thread', 60_000);
        for (const c of [withPerson, second]) {
          expect(answers(c)).toBe(0);
          expect((await view(c.id)).messages.filter((m: any) => m.role === 'agent')).toHaveLength(0);
        }
      } finally {
        await t.call('PATCH', '/api/v1/agent-switch', { body: { on: true } });
      }
    }, 180_000);

    it('credits: each new agent conversation consumes one credit once; at zero the assignment rule', async () => {
      const resetAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
      expect(
        (await t.call('PATCH', '/api/v1/credits', { body: { allotment: 0, period: 'week', resetAt } }))
          .status,
      ).toBe(200);
      const balance = async () => (await t.call('GET', '/api/v1/credits')).body.balance;
      try {
        expect((await t.call('POST', '/api/v1/credits/top-ups', { body: { credits: 2 } })).body.balance).toBe(
          2,
        );
        const first = await newCustomer(ANSWER);
        expect(await balance()).toBe(1);
        // A second message in the same conversation consumes nothing.
        await d.send(first.address, QUESTION);
        await waitFor(() => answers(first) === 2, 'the second answer', 60_000);
        expect(await balance()).toBe(1);
        await newCustomer(ANSWER);
        expect(await balance()).toBe(0);
        const broke = await newCustomer(AWAY);
        expect((await view(broke.id)).owner.type).toBe('user');
        expect(answers(broke)).toBe(0);
        expect(await balance()).toBe(0);
      } finally {
        await t.call('PATCH', '/api/v1/credits', { body: { allotment: null } });
      }
    }, 180_000);

    it('outside working hours: the assignment rule', async () => {
      // An interval of half an hour starting three hours from now, every day, in UTC.
      const from = `${String((new Date().getUTCHours() + 3) % 24).padStart(2, '0')}:00`;
      const hours = {
        mode: 'during',
        timeZone: 'UTC',
        intervals: [
          { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from, to: from.replace(':00', ':30') },
        ],
      };
      const patched = await t.call('PATCH', `/api/v1/deployments/${d.deploymentId}`, { body: { hours } });
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
      try {
        const after = await newCustomer(AWAY);
        expect((await view(after.id)).owner.type).toBe('user');
        expect(answers(after)).toBe(0);
      } finally {
        await t.call('PATCH', `/api/v1/deployments/${d.deploymentId}`, { body: { hours: { mode: 'all' } } });
      }
    }, 180_000);

    it('a routing rule on the channel sends its conversations to a team, with its message', async () => {
      const rule = await t.call('POST', '/api/v1/routing-rules', {
        body: {
          name: `${type} to the VIP desk`,
          condition: { '==': [{ var: 'conversation.channel' }, type] },
          target: { assignTo: 'team', teamId: 'VIP' },
          message: VIP,
        },
      });
      expect(rule.status, JSON.stringify(rule.body)).toBe(201);
      try {
        const routed = await newCustomer(VIP);
        expect((await view(routed.id)).owner).toEqual({ type: 'user', id: vipDesk });
        expect(answers(routed)).toBe(0);
      } finally {
        await t.call('DELETE', `/api/v1/routing-rules/${rule.body.id}`);
      }
    }, 180_000);

    it("a person's inbox reply goes out on the conversation's channel", async () => {
      const text = `Hi, a person here about ${type}: we open at 9 tomorrow.`;
      const reply = await t.call('POST', `/api/v1/inbox/conversations/${withPerson.id}/reply`, {
        body: { text },
      });
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      await waitFor(
        () => d.sent(withPerson.address, withPerson.id).includes(text),
        `the reply on ${type}`,
        60_000,
      );
      await waitFor(
        async () =>
          (await view(withPerson.id)).messages.find((m: any) => m.id === reply.body.messageId)?.delivery
            .state === 'sent',
        'the reply marked sent',
        30_000,
      );
      if (type === 'whatsapp') {
        const request = graph.requests.find((r) => r.body?.text?.body === text)!;
        expect(request.path).toBe(`/v23.0/${PHONE_NUMBER_ID}/messages`);
        expect(request.headers.authorization).toBe(`Bearer ${metaSecrets.accessToken}`);
        expect(request.body).toEqual({
          messaging_product: 'whatsapp',
          recipient_type: 'individual',
          to: withPerson.address,
          type: 'text',
          text: { body: text },
        });
      }
    }, 180_000);
  });
});
