import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { waitFor } from '../support/processes.ts';
import { Caller } from '../support/twilio/caller.ts';
import { startTwilioStandIn, type TwilioStandIn } from '../support/twilio/stand-in.ts';

/**
 * A person's inbox reply on a phone call (issue 14): while the call is live it waits,
 * queued, and is spoken at the call's next turn (then marked sent); once Twilio reports
 * the call ended, a reply fails for good with "The call has ended." in the inbox transcript.
 */
const NUMBER = '+15005550006';
const DESK = '+14155550199';

describe.each(backends)('Twilio Voice and the inbox (%s)', (kind) => {
  let t: TestApp;
  let tw: TwilioStandIn;
  let hookUrl: string;
  let channelId: string;

  beforeAll(async () => {
    tw = await startTwilioStandIn();
    t = await startTestApp(kind);
    const agentId = (await t.call('GET', '/api/v1/agents')).body.agents[0].id;
    await t.call('POST', `/api/v1/agents/${agentId}/knowledge/faqs`, {
      body: { question: 'What are your opening hours?', answer: 'We are open 9 to 5, Monday to Friday.' },
    });
    const created = await t.call('POST', '/api/v1/channels', {
      body: {
        type: 'twilio-voice',
        name: 'Phone',
        config: {
          accountSid: tw.accountSid,
          phoneNumber: NUMBER,
          webhookBaseUrl: t.url,
          transferNumber: DESK,
        },
        secrets: { authToken: tw.authToken },
      },
    });
    expect(created.status).toBe(201);
    channelId = created.body.id;
    hookUrl = `${t.url}/webhooks/twilio-voice/${channelId}`;
    expect((await t.call('POST', '/api/v1/deployments', { body: { agentId, channelId } })).status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
    await tw?.close();
  });

  const transcriptMessage = async (conversationId: string, messageId: string) => {
    const res = await t.call('GET', `/api/v1/inbox/conversations/${conversationId}`);
    expect(res.status).toBe(200);
    return res.body.transcript.find((e: any) => e.type === 'message' && e.id === messageId);
  };

  it("speaks a person's reply at the call's next turn; after the call ended a reply fails with the reason", async () => {
    const caller = new Caller(tw, hookUrl, '+14155550177', NUMBER);
    expect((await caller.dial()).gather).not.toBeNull();
    expect((await caller.say('What are your opening hours?')).said).toContain('We are open 9 to 5');
    const { id } = await t.rt.ctx.db
      .selectFrom('conversations')
      .select('id')
      .where('channel_id', '=', channelId)
      .executeTakeFirstOrThrow();

    const text = 'Hi, this is Rui from the shop. I can open early for you tomorrow.';
    const reply = await t.call('POST', `/api/v1/inbox/conversations/${id}/reply`, { body: { text } });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    // Not sent yet: nobody has heard it.
    expect((await transcriptMessage(id, reply.body.messageId)).delivery.state).toBe('queued');

    const next = await caller.say('Hello, are you still there?');
    expect(next.said).toContain(text);
    // The person has the conversation now: the call is put through to the desk.
    expect(next.dial?.number).toBe(DESK);
    expect((await transcriptMessage(id, reply.body.messageId)).delivery).toMatchObject({
      state: 'sent',
      error: null,
    });

    const ended = await caller.post(`${hookUrl}?event=ended`, {
      CallStatus: 'completed',
      CallDuration: '61',
    });
    expect(ended.status).toBe(200);
    const late = await t.call('POST', `/api/v1/inbox/conversations/${id}/reply`, {
      body: { text: 'Are you still there?' },
    });
    expect(late.status).toBe(200);
    await waitFor(
      async () => (await transcriptMessage(id, late.body.messageId)).delivery.state === 'failed',
      'the late reply failed',
      30_000,
    );
    expect((await transcriptMessage(id, late.body.messageId)).delivery.error).toBe('The call has ended.');
    // The caller heard the person's reply once, and never the late one.
    expect(caller.heard.join(' ').split(text)).toHaveLength(2);
    expect(caller.heard.join(' ')).not.toContain('Are you still there?');
  }, 120_000);
});
