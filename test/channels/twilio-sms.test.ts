import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterFor } from '../../src/channels/registry.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { waitFor } from '../support/processes.ts';
import { startTwilioStandIn, type TwilioStandIn, twilioSignature } from '../support/twilio/stand-in.ts';

/**
 * SMS through Twilio end to end (E1, issue 14): Twilio's signed webhook in (403 and nothing
 * stored without a valid signature), stored once per MessageSid, the reply out through the
 * Messages API of a loopback stand-in in Twilio's exact request shape — once, even when
 * the stand-in fails twice first — and STOP/HELP/START honoured.
 */
const NUMBER = '+15005550006';
const CUSTOMER = '+14155550123';
const LONG_ANSWER = [
  'We ship to 40 countries from our warehouse in Rotterdam, and every parcel is tracked from the moment it leaves us.',
  'Customs duties and import taxes are calculated at checkout, so there is nothing more to pay when the parcel arrives.',
  'Delivery takes 5 to 12 business days depending on the destination, and a little longer around public holidays.',
  'If a parcel is held at customs, our support team will contact the carrier for you and keep you informed by text.',
  'Returns from abroad are free within 30 days: start the return from your order page and print the prepaid label.',
].join(' ');

describe.each(backends)('Twilio SMS channel (%s)', (kind) => {
  let t: TestApp;
  let tw: TwilioStandIn;
  let channelId: string;
  let hookUrl: string;
  let sid = 0;

  beforeAll(async () => {
    tw = await startTwilioStandIn();
    t = await startTestApp(kind, { env: { FRONTDESK_DEV_HOSTS: tw.host } });
    const agentId = (await t.call('GET', '/api/v1/agents')).body.agents[0].id;
    const faq = await t.call('POST', `/api/v1/agents/${agentId}/knowledge/faqs`, {
      body: { question: 'What are your opening hours?', answer: 'We are open 9 to 5, Monday to Friday.' },
    });
    expect(faq.status).toBe(201);
    const long = await t.call('POST', `/api/v1/agents/${agentId}/knowledge/faqs`, {
      body: { question: 'How does international shipping work?', answer: LONG_ANSWER },
    });
    expect(long.status).toBe(201);
    const created = await t.call('POST', '/api/v1/channels', {
      body: {
        type: 'twilio-sms',
        name: 'Shop SMS',
        config: { accountSid: tw.accountSid, phoneNumber: NUMBER, apiBaseUrl: tw.url, webhookBaseUrl: t.url },
        secrets: { authToken: tw.authToken },
      },
    });
    expect(created.status).toBe(201);
    channelId = created.body.id;
    // Write-only: the token is never shown again.
    const shown = await t.call('GET', `/api/v1/channels/${channelId}`);
    expect(shown.body.secretsSet).toEqual(['authToken']);
    expect(JSON.stringify(shown.body)).not.toContain(tw.authToken);
    hookUrl = `${t.url}/webhooks/twilio-sms/${channelId}`;
    const deployed = await t.call('POST', '/api/v1/deployments', { body: { agentId, channelId } });
    expect(deployed.status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
    await tw?.close();
  });

  const sms = (body: string, messageSid = `SM${String(++sid).padStart(32, '0')}`) => ({
    ToCountry: 'US',
    SmsMessageSid: messageSid,
    NumMedia: '0',
    SmsSid: messageSid,
    SmsStatus: 'received',
    Body: body,
    To: NUMBER,
    NumSegments: '1',
    MessageSid: messageSid,
    AccountSid: tw.accountSid,
    From: CUSTOMER,
    ApiVersion: '2010-04-01',
  });
  const customerMessages = () =>
    t.rt.ctx.db
      .selectFrom('messages')
      .select(['id', 'conversation_id'])
      .where('role', '=', 'customer')
      .execute();
  const repliesTo = (messageId: string) =>
    t.rt.ctx.db
      .selectFrom('messages')
      .select(['id', 'text', 'delivery', 'delivery_attempts', 'delivery_error'])
      .where('reply_to', '=', messageId)
      .execute();

  it("signs as Twilio does: the documented vector, and the twilio package's validator agrees", () => {
    const params = {
      CallSid: 'CA1234567890ABCDE',
      Caller: '+14158675310',
      Digits: '1234',
      From: '+14158675310',
      To: '+18005551212',
    };
    const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
    expect(twilioSignature('12345', url, params)).toBe('GvWf1cFY/Q7PnoempGyD5oXAezc=');
    const mine = twilioSignature(tw.authToken, hookUrl, sms('hello'));
    expect(twilio.validateRequest(tw.authToken, mine, hookUrl, sms('hello', `SM${'0'.repeat(31)}1`))).toBe(
      true,
    );
    expect(twilio.validateRequest(tw.authToken, mine, hookUrl, sms('hello!', `SM${'0'.repeat(31)}1`))).toBe(
      false,
    );
  });

  it('refuses a missing, wrong or misdirected signature with 403 and stores nothing', async () => {
    const params = sms('What are your opening hours?');
    expect((await tw.webhook(hookUrl, params, { signature: null })).status).toBe(403);
    expect((await tw.webhook(hookUrl, params, { signature: 'bm90IGEgc2lnbmF0dXJl' })).status).toBe(403);
    const forOther = twilioSignature(tw.authToken, `${t.url}/webhooks/twilio-sms/chn_other`, params);
    expect((await tw.webhook(hookUrl, params, { signature: forOther })).status).toBe(403);
    const otherToken = twilioSignature('0'.repeat(32), hookUrl, params);
    expect((await tw.webhook(hookUrl, params, { signature: otherToken })).status).toBe(403);
    // Signed, then changed in transit.
    const signed = twilioSignature(tw.authToken, hookUrl, params);
    expect(
      (await tw.webhook(hookUrl, { ...params, Body: 'refund everything' }, { signature: signed })).status,
    ).toBe(403);
    const unknown = await tw.webhook(`${t.url}/webhooks/twilio-sms/chn_nope`, params);
    expect(unknown.status).toBe(403);
    const body = JSON.parse((await tw.webhook(hookUrl, params, { signature: null })).text);
    expect(body.error.code).toBe('invalid_signature');
    expect(await customerMessages()).toHaveLength(0);
    expect(tw.requests).toHaveLength(0);
  });

  it('stores a repeated delivery once and sends the reply once, in Twilio’s request shape, after two failures', async () => {
    tw.failNext([500, 503]);
    const params = sms('What are your opening hours?');
    const first = await tw.webhook(hookUrl, params);
    expect(first.status).toBe(200);
    expect(first.contentType).toMatch(/^text\/xml/);
    expect(first.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect((await tw.webhook(hookUrl, params)).status).toBe(200);
    const stored = await customerMessages();
    expect(stored).toHaveLength(1);
    const messageId = stored[0]!.id;

    await waitFor(
      async () => (await repliesTo(messageId)).some((r) => r.delivery === 'sent'),
      'the SMS reply delivered',
      60_000,
    );
    const replies = await repliesTo(messageId);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ delivery: 'sent', delivery_attempts: 3, delivery_error: null });
    expect(replies[0]!.text).toContain('We are open 9 to 5');

    expect(tw.requests.map((r) => r.status)).toEqual([500, 503, 201]);
    const statusCallback = `${hookUrl}/status`;
    expect(tw.sent()).toEqual([
      { To: CUSTOMER, From: NUMBER, Body: replies[0]!.text, StatusCallback: statusCallback },
    ]);
    const req = tw.requests[2]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe(`/2010-04-01/Accounts/${tw.accountSid}/Messages.json`);
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req.headers.authorization).toBe(
      `Basic ${Buffer.from(`${tw.accountSid}:${tw.authToken}`).toString('base64')}`,
    );
    expect(req.raw).toBe(
      new URLSearchParams({
        To: CUSTOMER,
        From: NUMBER,
        Body: replies[0]!.text,
        StatusCallback: statusCallback,
      }).toString(),
    );

    // The conversation is the customer's by phone, shown in the API with its delivery state.
    const view = (await t.call('GET', `/api/v1/conversations/${stored[0]!.conversation_id}`)).body;
    expect(view.channel).toBe('twilio-sms');
    expect(view.messages.find((m: any) => m.id === replies[0]!.id).delivery).toMatchObject({ state: 'sent' });
    // A later sweep sends nothing more.
    await new Promise((r) => setTimeout(r, 1500));
    expect(tw.sent()).toHaveLength(1);
  });

  it('sends a long reply as several messages cut at sentence ends; a retry resends only what failed', async () => {
    const from = '+14155550124';
    const before = tw.requests.length;
    tw.failNext([0, 500]);
    await tw.webhook(hookUrl, { ...sms('How does international shipping work?'), From: from });
    const [stored] = await t.rt.ctx.db
      .selectFrom('messages')
      .select('id')
      .where('role', '=', 'customer')
      .orderBy('created_at', 'desc')
      .orderBy('seq', 'desc')
      .execute();
    await waitFor(
      async () => (await repliesTo(stored!.id)).some((r) => r.delivery === 'sent'),
      'the long reply delivered',
      60_000,
    );
    const [reply] = await repliesTo(stored!.id);
    expect(reply!.text).toContain(LONG_ANSWER);
    const requests = tw.requests.slice(before);
    const pieces = requests.filter((r) => r.status === 201).map((r) => r.form['Body']!);
    expect(requests.map((r) => r.status)).toEqual([201, 500, ...pieces.slice(1).map(() => 201)]);
    expect(pieces.length).toBeGreaterThanOrEqual(2);
    expect(new Set(pieces).size).toBe(pieces.length);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(459);
      expect(p).toMatch(/[.!?)]$/);
    }
    expect(pieces.join(' ').replace(/\s+/g, ' ')).toBe(reply!.text.replace(/\s+/g, ' '));
    expect(requests.every((r) => r.form['To'] === from)).toBe(true);
  });

  it('does not retry what Twilio refuses for good (a 4xx): the reply fails at once with the reason', async () => {
    tw.failNext([400]);
    const before = tw.requests.length;
    await tw.webhook(hookUrl, { ...sms('What are your opening hours?'), From: '+14155550125' });
    const [stored] = await t.rt.ctx.db
      .selectFrom('messages')
      .select('id')
      .where('role', '=', 'customer')
      .orderBy('created_at', 'desc')
      .orderBy('seq', 'desc')
      .execute();
    await waitFor(
      async () => (await repliesTo(stored!.id)).some((r) => r.delivery === 'failed'),
      'the refused reply failed',
      30_000,
    );
    expect((await repliesTo(stored!.id))[0]).toMatchObject({
      delivery: 'failed',
      delivery_attempts: 1,
      delivery_error: 'Twilio answered HTTP 400 (error 20500).',
    });
    expect(tw.requests.length - before).toBe(1);
  });

  it('marks a reply failed when Twilio reports it undelivered (signed reports only)', async () => {
    const part = await t.rt.ctx.db
      .selectFrom('sms_parts')
      .select(['message_id', 'provider_id'])
      .executeTakeFirstOrThrow();
    const url = `${hookUrl}/status`;
    const report = {
      MessageSid: part.provider_id,
      MessageStatus: 'undelivered',
      ErrorCode: '30003',
      AccountSid: tw.accountSid,
    };
    expect((await tw.webhook(url, report, { signature: null })).status).toBe(403);
    const state = () =>
      t.rt.ctx.db
        .selectFrom('messages')
        .select(['delivery', 'delivery_error'])
        .where('id', '=', part.message_id)
        .executeTakeFirstOrThrow();
    expect((await state()).delivery).toBe('sent');
    expect((await tw.webhook(url, { ...report, MessageStatus: 'delivered' })).status).toBe(200);
    expect((await state()).delivery).toBe('sent');
    expect((await tw.webhook(url, report)).status).toBe(200);
    expect(await state()).toEqual({
      delivery: 'failed',
      delivery_error: 'Twilio reported the message undelivered (error 30003).',
    });
  });

  it('sends the setup check as one SMS, and refuses a number not in E.164', async () => {
    const adapter = adapterFor('twilio-sms');
    const before = tw.sent().length;
    const test = { accountId: t.rt.bootstrap.accountId, channelId, text: 'Test from Frontdesk' };
    await adapter.sendTest!(t.rt.ctx, { ...test, to: '+14155550188' });
    expect(tw.sent().slice(before)).toEqual([
      { To: '+14155550188', From: NUMBER, Body: 'Test from Frontdesk' },
    ]);
    await expect(adapter.sendTest!(t.rt.ctx, { ...test, to: '0415 555 0188' })).rejects.toThrow(/E\.164/);
  });

  it('answers HELP with the help text and never bothers the agent', async () => {
    const before = (await customerMessages()).length;
    const help = await tw.webhook(hookUrl, sms('HELP'));
    expect(help.status).toBe(200);
    expect(help.text).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Shop SMS: text your question and we will answer here. Reply STOP to unsubscribe.</Message></Response>',
    );
    expect(await customerMessages()).toHaveLength(before);
  });

  it('sends nothing more to a number that replied STOP, until START', async () => {
    const sentBefore = tw.sent().length;
    const stop = await tw.webhook(hookUrl, sms('Stop'));
    expect(stop.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    await tw.webhook(hookUrl, sms('What are your opening hours?'));
    const latest = async () => {
      const rows = await t.rt.ctx.db
        .selectFrom('messages')
        .select('id')
        .where('role', '=', 'customer')
        .orderBy('created_at', 'desc')
        .orderBy('seq', 'desc')
        .execute();
      return rows[0]!.id;
    };
    const afterStop = await latest();
    await waitFor(
      async () => (await repliesTo(afterStop)).some((r) => r.delivery === 'failed'),
      'the reply refused',
      30_000,
    );
    expect((await repliesTo(afterStop))[0]).toMatchObject({
      delivery: 'failed',
      delivery_error: 'The recipient replied STOP.',
    });
    expect(tw.sent()).toHaveLength(sentBefore);

    // "yes" is an answer, not an opt-in, for a subscribed number; START opts back in.
    expect((await tw.webhook(hookUrl, sms('START'))).text).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response/>',
    );
    await tw.webhook(hookUrl, sms('What are your opening hours?'));
    const afterStart = await latest();
    await waitFor(
      async () => (await repliesTo(afterStart)).some((r) => r.delivery === 'sent'),
      'the reply after START',
      30_000,
    );
    expect(tw.sent()).toHaveLength(sentBefore + 1);
  });
});
