import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { Caller } from '../support/twilio/caller.ts';
import { startTwilioStandIn, type TwilioStandIn, twilioSignature } from '../support/twilio/stand-in.ts';

/**
 * Phone calls through Twilio Voice against the demo agent (E1, issue 14): the speech and
 * keypad loop, a turn stored once per CallSid and turn number, the caller id as a verified
 * phone (the refund's identity gate passes), yes by voice or key 1, a handoff put through
 * with <Dial>, or a message taken when nobody can answer; silence re-prompts, then goodbye.
 */
const NUMBER = '+15005550006';
const DESK = '+14155550199';

describe.each(backends)('Twilio Voice channel (%s)', (kind) => {
  let t: TestApp;
  let tw: TwilioStandIn;
  let channelId: string;
  let hookUrl: string;
  let demoAgentId: string;

  const createVoiceChannel = async (name: string, extra: Record<string, unknown>) => {
    const created = await t.call('POST', '/api/v1/channels', {
      body: {
        type: 'twilio-voice',
        name,
        config: { accountSid: tw.accountSid, phoneNumber: NUMBER, webhookBaseUrl: t.url, ...extra },
        secrets: { authToken: tw.authToken },
      },
    });
    expect(created.status).toBe(201);
    const deployed = await t.call('POST', '/api/v1/deployments', {
      body: { agentId: demoAgentId, channelId: created.body.id },
    });
    expect(deployed.status).toBe(201);
    return created.body.id as string;
  };

  beforeAll(async () => {
    tw = await startTwilioStandIn();
    t = await startTestApp(kind, { env: { FRONTDESK_DEMO: 'on' } });
    const agents = (await t.call('GET', '/api/v1/agents')).body.agents;
    demoAgentId = agents.find((a: { name: string }) => a.name === 'Demo Store Assistant').id;
    channelId = await createVoiceChannel('Phone', { transferNumber: DESK });
    hookUrl = `${t.url}/webhooks/twilio-voice/${channelId}`;
  });
  afterAll(async () => {
    await t?.close();
    await tw?.close();
  });

  const customerMessages = (conversationId?: string) => {
    let q = t.rt.ctx.db
      .selectFrom('messages')
      .select(['id', 'text', 'channel_message_id'])
      .where('role', '=', 'customer');
    if (conversationId) q = q.where('conversation_id', '=', conversationId);
    return q.orderBy('seq').execute();
  };
  const conversationOf = (caller: Caller) =>
    t.rt.ctx.db
      .selectFrom('conversations as c')
      .innerJoin('contacts as k', 'k.id', 'c.contact_id')
      .select(['c.id', 'c.owner_type', 'c.verified_identities'])
      .where('k.phone', '=', caller.from)
      .where('c.channel_id', '=', channelId)
      .orderBy('c.created_at', 'desc')
      .executeTakeFirstOrThrow();

  it('refuses a missing or wrong signature with 403 and stores nothing', async () => {
    const params = {
      CallSid: `CA${'f'.repeat(32)}`,
      From: '+14155550100',
      To: NUMBER,
      AccountSid: tw.accountSid,
    };
    expect((await tw.webhook(hookUrl, params, { signature: null })).status).toBe(403);
    expect(
      (await tw.webhook(hookUrl, params, { signature: twilioSignature('x'.repeat(32), hookUrl, params) }))
        .status,
    ).toBe(403);
    // Signed for the first step, replayed against a later one.
    const signed = twilioSignature(tw.authToken, hookUrl, params);
    expect(
      (
        await tw.webhook(
          `${hookUrl}?event=turn&c=cnv_x&turn=1`,
          { ...params, SpeechResult: 'refund' },
          { signature: signed },
        )
      ).status,
    ).toBe(403);
    const conversations = await t.rt.ctx.db
      .selectFrom('conversations')
      .select('id')
      .where('channel_id', '=', channelId)
      .execute();
    expect(conversations).toHaveLength(0);
    expect(await customerMessages()).toHaveLength(0);
  });

  it('checks an order status: asked by speech, the number typed on the keypad, the answer spoken', async () => {
    const caller = new Caller(tw, hookUrl, '+14155550101', NUMBER);
    const hello = await caller.dial();
    expect(hello.status).toBe(200);
    expect(hello.said).toMatch(/Demo Store assistant/);
    expect(hello.gather).toMatchObject({ input: 'speech dtmf', bargeIn: 'true' });
    expect(hello.redirect).toContain('event=silence');
    // The URLs Twilio will call back are signed by it; the package's validator accepts ours.
    const params = { CallSid: caller.callSid, From: caller.from, SpeechResult: 'where is my order' };
    expect(
      twilio.validateRequest(
        tw.authToken,
        twilioSignature(tw.authToken, hello.gather!.action, params),
        hello.gather!.action,
        params,
      ),
    ).toBe(true);

    const asked = await caller.say('Where is my order?');
    expect(asked.said).toMatch(/order number/i);
    expect(asked.said).toMatch(/keypad/);
    const told = await caller.press('1234');
    expect(told.said).toMatch(/^Order 1234 is shipped\./);
    expect(told.gather).not.toBeNull();
    const stored = await customerMessages((await conversationOf(caller)).id);
    expect(stored.map((m) => m.text)).toEqual(['Where is my order?', '1234']);
    expect(stored.map((m) => m.channel_message_id)).toEqual([`${caller.callSid}:1`, `${caller.callSid}:2`]);
  });

  it('stores a repeated webhook once and answers it with the same words', async () => {
    const caller = new Caller(tw, hookUrl, '+14155550102', NUMBER);
    await caller.dial();
    const action = caller.last!.gather!.action;
    const first = await caller.say('Do you ship internationally?');
    const again = await caller.post(action, {
      SpeechResult: 'Do you ship internationally?',
      Confidence: '0.92',
    });
    expect(again.said).toBe(first.said);
    expect(first.said).toMatch(/40 countries/);
    const stored = await customerMessages((await conversationOf(caller)).id);
    expect(stored).toHaveLength(1);
    const replies = await t.rt.ctx.db
      .selectFrom('messages')
      .select('id')
      .where('reply_to', '=', stored[0]!.id)
      .execute();
    expect(replies).toHaveLength(1);
  });

  it('refunds an order once when the caller says yes (the caller id verifies them)', async () => {
    const storeRefunds = async () =>
      (
        (await (await fetch(`${t.url}/demo-store/api/refunds`)).json()) as {
          refunds: { orderNumber: string }[];
        }
      ).refunds;
    const before = (await storeRefunds()).length;
    const caller = new Caller(tw, hookUrl, '+14155550103', NUMBER);
    await caller.dial();
    await caller.say('I want a refund');
    expect(caller.last!.said).toMatch(/order number/i);
    await caller.say('1234');
    expect(caller.last!.said).toMatch(/why/i);
    const confirm = await caller.say('It arrived broken');
    expect(confirm.said).toMatch(/Shall I go ahead\? Say yes or no, or press 1 for yes, 2 for no\.$/);
    const action = confirm.gather!.action;
    const done = await caller.say('Yes.');
    expect(done.said).toMatch(/refund .* approved/i);
    // Twilio repeats the webhook: the same answer, no second refund.
    const again = await caller.post(action, { SpeechResult: 'Yes.', Confidence: '0.9' });
    expect(again.said).toBe(done.said);
    const refunds = await storeRefunds();
    expect(refunds).toHaveLength(before + 1);
    expect(refunds.at(-1)).toMatchObject({ orderNumber: '1234', reason: 'It arrived broken' });
    expect((await conversationOf(caller)).verified_identities).toHaveLength(1);
  });

  it('starts each call afresh: a confirmation left open by a hung-up call is not answered by the next', async () => {
    const storeRefunds = async () =>
      ((await (await fetch(`${t.url}/demo-store/api/refunds`)).json()) as { refunds: unknown[] }).refunds
        .length;
    const first = new Caller(tw, hookUrl, '+14155550108', NUMBER);
    await first.dial();
    await first.say('I want a refund');
    await first.say('1234');
    expect((await first.say('It arrived broken')).said).toMatch(/Shall I go ahead\?/);
    const before = await storeRefunds();
    const earlier = await conversationOf(first);
    // The caller hangs up and calls again.
    const second = new Caller(tw, hookUrl, first.from, NUMBER);
    expect((await second.dial()).said).toMatch(/Demo Store assistant/);
    await second.say('yes');
    expect(await storeRefunds()).toBe(before);
    const closed = await t.rt.ctx.db
      .selectFrom('conversations')
      .select(['status', 'close_reason'])
      .where('id', '=', earlier.id)
      .executeTakeFirstOrThrow();
    expect(closed).toEqual({ status: 'closed', close_reason: 'call_ended' });
  });

  it("closes the agent's conversation when Twilio reports the call ended", async () => {
    const caller = new Caller(tw, hookUrl, '+14155550110', NUMBER);
    await caller.dial();
    await caller.say('Do you ship internationally?');
    const { id } = await conversationOf(caller);
    const ended = await caller.post(`${hookUrl}?event=ended`, {
      CallStatus: 'completed',
      CallDuration: '42',
    });
    expect(ended.status).toBe(200);
    const row = await t.rt.ctx.db
      .selectFrom('conversations')
      .select(['status', 'close_reason'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'closed', close_reason: 'call_ended' });
  });

  it('confirms with key 1 as well', async () => {
    const caller = new Caller(tw, hookUrl, '+14155550104', NUMBER);
    await caller.dial();
    await caller.say('I want a refund');
    await caller.press('1235');
    const confirm = await caller.say('I ordered the wrong size');
    expect(confirm.said).toMatch(/Shall I go ahead\? Say yes or no, or press 1 for yes, 2 for no\.$/);
    const done = await caller.press('1');
    expect(done.said).toMatch(/refund .* approved/i);
  });

  it('puts a caller who asks for a person through with <Dial>', async () => {
    const caller = new Caller(tw, hookUrl, '+14155550105', NUMBER);
    await caller.dial();
    const step = await caller.say('I want to talk to a person');
    expect(step.dial).toMatchObject({ number: DESK });
    expect(step.dial!.action).toContain('event=transfer-ended');
    expect(step.gather).toBeNull();
    expect((await conversationOf(caller)).owner_type).not.toBe('agent');
    // Nobody answered: the caller leaves a message, stored in the conversation.
    const noAnswer = await caller.post(step.dial!.action!, { DialCallStatus: 'no-answer' });
    expect(noAnswer.record).not.toBeNull();
    const bye = await caller.post(noAnswer.record!.action, {
      RecordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/RE1',
      RecordingDuration: '7',
    });
    expect(bye.hangup).toBe(true);
    const stored = await customerMessages((await conversationOf(caller)).id);
    expect(stored.at(-1)!.text).toBe(
      'Voice message (7 s): https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/RE1',
    );
  });

  it('takes a message when the channel has nobody to transfer to', async () => {
    const other = await createVoiceChannel('Phone, no desk', {});
    const caller = new Caller(tw, `${t.url}/webhooks/twilio-voice/${other}`, '+14155550106', NUMBER);
    await caller.dial();
    const step = await caller.say('Can I speak to a human?');
    expect(step.dial).toBeNull();
    expect(step.record).not.toBeNull();
    expect(step.said).toMatch(/leave a message after the tone/);
  });

  it('takes a message outside the hours people take calls', async () => {
    const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
    const closedDesk = await createVoiceChannel('Phone, desk closed', {
      transferNumber: DESK,
      // Only outside a schedule that covers every hour: never.
      transferHours: { mode: 'outside', timeZone: 'UTC', intervals: [{ days, from: '00:00', to: '24:00' }] },
    });
    const caller = new Caller(tw, `${t.url}/webhooks/twilio-voice/${closedDesk}`, '+14155550109', NUMBER);
    await caller.dial();
    const step = await caller.say('I want to talk to a person');
    expect(step.dial).toBeNull();
    expect(step.record).not.toBeNull();
  });

  it('refuses a channel config without a usable number or URL, naming the field', async () => {
    const bad = await t.call('POST', '/api/v1/channels', {
      body: {
        type: 'twilio-voice',
        name: 'Bad phone',
        config: {
          accountSid: 'AC123',
          phoneNumber: '555-0100',
          webhookBaseUrl: 'ftp://x',
          transferNumber: '0800',
        },
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'config.accountSid',
      'config.phoneNumber',
      'config.transferNumber',
      'config.webhookBaseUrl',
    ]);
  });

  it('asks again after silence, and says goodbye after silence three times', async () => {
    const caller = new Caller(tw, hookUrl, '+14155550107', NUMBER);
    await caller.dial();
    const once = await caller.silence();
    expect(once.said).toMatch(/didn't hear/);
    expect(once.gather).not.toBeNull();
    await caller.silence();
    const thrice = await caller.silence();
    expect(thrice.hangup).toBe(true);
    expect(thrice.said).toMatch(/Goodbye/);
  });
});
