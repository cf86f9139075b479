import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { header, mailClient, parseMail } from '../support/mail-client.ts';
import { waitFor } from '../support/processes.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';

/**
 * The email channel end to end (E1, issue 14), real SMTP both ways on loopback: a customer's
 * mail server (nodemailer) talks to the inbound listener; replies leave through the
 * channel's SMTP server (a sink that refuses the first two deliveries with 451).
 */
describe.each(backends)('email channel (%s)', (kind) => {
  let t: TestApp;
  let sink: SmtpSink;
  let refusing: SmtpSink;
  let client: ReturnType<typeof mailClient>;
  let channelId: string;
  const SUPPORT = 'support@shop.example';

  beforeAll(async () => {
    sink = await startSmtpSink({ failures: [451, 451] });
    refusing = await startSmtpSink({
      failures: [550],
      auth: { user: 'frontdesk', pass: 'correct-horse-battery-staple' },
    });
    t = await startTestApp(kind, {
      env: {
        FRONTDESK_DEV_HOSTS: `${sink.host},${refusing.host}`,
        FRONTDESK_SMTP_INBOUND_PORT: '0',
        FRONTDESK_SMTP_INBOUND_MAX_BYTES: '65536',
      },
    });
    client = mailClient(t.rt.smtpPort!);
    const agentId = (await t.call('GET', '/api/v1/agents')).body.agents[0].id;
    for (const [question, answer] of [
      ['What are your opening hours?', 'We are open 9 to 5, Monday to Friday.'],
      ['Do you ship to Norway?', 'Yes, we ship to every country in Europe, Norway included.'],
    ]) {
      const faq = await t.call('POST', `/api/v1/agents/${agentId}/knowledge/faqs`, {
        body: { question, answer },
      });
      expect(faq.status).toBe(201);
    }
    const created = await t.call('POST', '/api/v1/channels', {
      body: {
        type: 'email',
        name: 'Support mail',
        config: { addresses: [SUPPORT], fromName: 'Shop support', smtpUrl: sink.url },
      },
    });
    expect(created.status).toBe(201);
    // The SMTP password is the admin's to give: never made up.
    expect(created.body.secrets).toEqual({});
    channelId = created.body.id;
    const deployed = await t.call('POST', '/api/v1/deployments', { body: { agentId, channelId } });
    expect(deployed.status).toBe(201);
  });
  afterAll(async () => {
    client?.close();
    await t?.close();
    await sink?.close();
    await refusing?.close();
  });

  const conversationOf = async (messageId: string) =>
    (
      await t.rt.ctx.db
        .selectFrom('email_threads')
        .select('conversation_id')
        .where('message_id', '=', messageId)
        .executeTakeFirstOrThrow()
    ).conversation_id;
  const view = async (id: string) => (await t.call('GET', `/api/v1/conversations/${id}`)).body;
  const mailsTo = (address: string) => sink.messages.filter((m) => m.to.includes(address));
  const customerMessages = () =>
    t.rt.ctx.db.selectFrom('messages').select(['id', 'text']).where('role', '=', 'customer').execute();

  let firstReplyId = '';
  let conversationId = '';

  it('answers a message with a threaded reply, delivered once after the server refused twice', async () => {
    await client.send({
      from: 'Ada Lovelace <ada@customer.example>',
      to: SUPPORT,
      subject: 'Opening hours',
      text: 'What are your opening hours?\n\n-- \nAda',
      messageId: '<q1@customer.example>',
    });
    await waitFor(() => mailsTo('ada@customer.example').length === 1, 'the reply at the sink', 60_000);
    const reply = await parseMail(mailsTo('ada@customer.example')[0]!.raw);
    expect(reply.text).toContain('We are open 9 to 5');
    expect(reply.subject).toBe('Re: Opening hours');
    expect(reply.inReplyTo).toBe('<q1@customer.example>');
    expect(reply.references).toBe('<q1@customer.example>');
    expect(header(reply, 'auto-submitted')).toBe('auto-replied');
    expect(reply.from).toMatchObject({ name: 'Shop support', address: SUPPORT });
    expect(reply.replyTo?.[0]).toMatchObject({
      address: expect.stringMatching(/^support\+[a-z0-9]+@shop\.example$/),
    });
    expect(sink.attempts).toBe(3);

    conversationId = await conversationOf('<q1@customer.example>');
    const conv = await view(conversationId);
    const customer = conv.messages.filter((m: any) => m.role === 'customer');
    // The signature never reached the engine.
    expect(customer.map((m: any) => m.text)).toEqual(['What are your opening hours?']);
    const agent = conv.messages.filter((m: any) => m.role === 'agent');
    expect(agent).toHaveLength(1);
    expect(agent[0].delivery).toMatchObject({ state: 'sent', attempts: 3, error: null });
    firstReplyId = reply.messageId!;
    expect(firstReplyId).toBe(`<${agent[0].id}@shop.example>`);
  });

  it('continues the conversation when the customer answers our reply (quote stripped)', async () => {
    await client.send({
      from: 'ada@customer.example',
      to: SUPPORT,
      subject: 'Re: Opening hours',
      text: [
        'Thanks! Do you ship to Norway?',
        '',
        'On Mon, 7 Dec 2026 at 10:00, Shop support <support@shop.example> wrote:',
        '> We are open 9 to 5, Monday to Friday.',
      ].join('\n'),
      messageId: '<q2@customer.example>',
      inReplyTo: firstReplyId,
      references: ['<q1@customer.example>', firstReplyId],
    });
    await waitFor(() => mailsTo('ada@customer.example').length === 2, 'the second reply', 60_000);
    expect(await conversationOf('<q2@customer.example>')).toBe(conversationId);
    const reply = await parseMail(mailsTo('ada@customer.example')[1]!.raw);
    expect(reply.text).toContain('Norway included');
    expect(reply.inReplyTo).toBe('<q2@customer.example>');
    expect(reply.references).toBe(`<q1@customer.example> ${firstReplyId} <q2@customer.example>`);
    expect(reply.subject).toBe('Re: Opening hours');
    const texts = (await view(conversationId)).messages.filter((m: any) => m.role === 'customer');
    expect(texts.at(-1).text).toBe('Thanks! Do you ship to Norway?');
  });

  it('threads by the plus-addressed Reply-To when the headers are gone', async () => {
    const first = await parseMail(mailsTo('ada@customer.example')[0]!.raw);
    const plus = first.replyTo![0]! as { address: string };
    await client.send({
      from: 'ada.lovelace@home.example',
      to: plus.address,
      subject: 'one more thing',
      text: 'What are your opening hours on holidays?',
      messageId: '<q3@home.example>',
    });
    await waitFor(
      () => mailsTo('ada.lovelace@home.example').length === 1,
      'the reply to the other address',
      60_000,
    );
    expect(await conversationOf('<q3@home.example>')).toBe(conversationId);
  });

  it('stores and answers a redelivered Message-ID once', async () => {
    const before = (await customerMessages()).length;
    const answer = await client.send({
      from: 'ada@customer.example',
      to: SUPPORT,
      subject: 'Opening hours',
      text: 'What are your opening hours?',
      messageId: '<q1@customer.example>',
    });
    expect(answer.response).toMatch(/^250/);
    // A later message is answered: everything before it has been processed.
    await client.send({ from: 'frank@customer.example', to: SUPPORT, text: 'What are your opening hours?' });
    await waitFor(() => mailsTo('frank@customer.example').length === 1, "frank's reply", 60_000);
    expect(await customerMessages()).toHaveLength(before + 1);
    const conv = await view(conversationId);
    const q1 = conv.messages.find((m: any) => m.role === 'customer');
    expect(conv.messages.filter((m: any) => m.replyTo === q1.id)).toHaveLength(1);
    expect(mailsTo('ada@customer.example')).toHaveLength(2);
  });

  it('never answers auto-replies, list or bulk mail, or its own mail', async () => {
    const before = (await customerMessages()).length;
    await client.send({
      from: 'bob@customer.example',
      to: SUPPORT,
      subject: 'Out of office',
      text: 'I am away until Monday.',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    await client.send({
      from: 'carol@lists.example',
      to: SUPPORT,
      subject: '[news] What are your opening hours?',
      text: 'What are your opening hours?',
      headers: { 'List-Id': 'News <news.lists.example>' },
    });
    await client.send({
      from: 'dave@customer.example',
      to: SUPPORT,
      text: 'What are your opening hours?',
      headers: { Precedence: 'bulk' },
    });
    // A copy of our own mail coming back (a forwarding rule, a misrouted reply).
    await client.send({ from: SUPPORT, to: SUPPORT, text: 'What are your opening hours?' });
    await client.send({ from: 'erin@customer.example', to: SUPPORT, text: 'What are your opening hours?' });
    await waitFor(() => mailsTo('erin@customer.example').length === 1, "erin's reply", 60_000);
    for (const who of ['bob@customer.example', 'carol@lists.example', 'dave@customer.example', SUPPORT])
      expect(mailsTo(who)).toHaveLength(0);
    // Only erin's message was stored.
    expect(await customerMessages()).toHaveLength(before + 1);
  });

  it('refuses an unknown recipient at RCPT and an oversized message with 552, storing nothing', async () => {
    const before = (await customerMessages()).length;
    const unknown = await client
      .send({ from: 'gina@customer.example', to: 'sales@shop.example', text: 'hello' })
      .catch((e: { responseCode?: number }) => e);
    expect(unknown).toMatchObject({ responseCode: 550 });
    const big = await client
      .send({
        from: 'gina@customer.example',
        to: SUPPORT,
        text: `What are your opening hours? ${'x'.repeat(80_000)}`,
      })
      .catch((e: { responseCode?: number }) => e);
    expect(big).toMatchObject({ responseCode: 552 });
    expect(await customerMessages()).toHaveLength(before);
    const threads = await t.rt.ctx.db
      .selectFrom('email_threads')
      .select('message_id')
      .where('sender', '=', 'gina@customer.example')
      .execute();
    expect(threads).toHaveLength(0);
  });

  it("sends a person's reply by email, threaded, not marked automatic", async () => {
    const sent = await t.call('POST', `/api/v1/conversations/${conversationId}/human-replies`, {
      body: { text: 'Hi Ada, Grace here: we also open on Saturdays in December.' },
    });
    expect(sent.status).toBe(204);
    await waitFor(() => mailsTo('ada.lovelace@home.example').length === 2, "the person's reply", 60_000);
    const mail = await parseMail(mailsTo('ada.lovelace@home.example')[1]!.raw);
    expect(mail.text).toContain('Grace here');
    expect(mail.inReplyTo).toBe('<q3@home.example>');
    expect(header(mail, 'auto-submitted')).toBeUndefined();
  });

  it('marks a reply failed, with the reason, when the mail server refuses it for good (5xx)', async () => {
    const agentId = (await t.call('GET', '/api/v1/agents')).body.agents[0].id;
    const created = await t.call('POST', '/api/v1/channels', {
      body: {
        type: 'email',
        name: 'Refusing',
        config: { addresses: ['refuse@shop.example'], smtpUrl: refusing.url, smtpUser: 'frontdesk' },
        secrets: { smtpPassword: 'correct-horse-battery-staple' },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.secretsSet).toEqual(['smtpPassword']);
    expect(JSON.stringify(created.body.config)).not.toContain('horse');
    await t.call('POST', '/api/v1/deployments', { body: { agentId, channelId: created.body.id } });
    await client.send({
      from: 'hal@customer.example',
      to: 'refuse@shop.example',
      text: 'What are your opening hours?',
      messageId: '<refused@customer.example>',
    });
    const id = await conversationOf('<refused@customer.example>');
    const agentReply = async () => (await view(id)).messages.find((m: any) => m.role === 'agent');
    await waitFor(
      async () => (await agentReply())?.delivery.state === 'failed',
      'the failed delivery',
      60_000,
    );
    const failed = await agentReply();
    expect(failed.delivery).toMatchObject({ state: 'failed', attempts: 1 });
    expect(failed.delivery.error).toMatch(/^The mail server answered 550/);
    expect(failed.delivery.error).not.toContain('horse');
    expect(refusing.attempts).toBe(1);
  });

  it("sends the setup screen's test message through the channel's server", async () => {
    const sent = await t.call('POST', `/api/v1/channels/${channelId}/test-message`, {
      body: { to: 'admin@shop.example', text: 'It works.' },
    });
    expect(sent.status).toBe(200);
    const mail = await parseMail(mailsTo('admin@shop.example')[0]!.raw);
    expect(mail.subject).toBe('Frontdesk test message');
    expect(mail.text?.trim()).toBe('It works.');
    const notAnAddress = await t.call('POST', `/api/v1/channels/${channelId}/test-message`, {
      body: { to: 'admin', text: 'It works.' },
    });
    expect(notAnAddress.status).toBe(422);
    expect(notAnAddress.body.error.code).toBe('test_message_failed');
  });

  it('refuses an invalid email channel with every problem and its path, storing nothing', async () => {
    const bad = await t.call('POST', '/api/v1/channels', {
      body: {
        type: 'email',
        name: 'Broken',
        config: { addresses: ['not-an-address'], smtpUrl: 'smtp://user:secret@smtp.example:587' },
        secrets: { smtpPassword: 'has a space' },
      },
    });
    expect(bad.status).toBe(422);
    const paths = bad.body.error.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(['config.addresses[0]', 'config.smtpUrl', 'secrets.smtpPassword']);
    expect(JSON.stringify(bad.body)).not.toContain('secret@');
    const list = (await t.call('GET', '/api/v1/channels')).body.channels;
    expect(list.map((c: { name: string }) => c.name)).not.toContain('Broken');
  });

  it('starts a new conversation when the customer answers a closed one', async () => {
    expect((await t.call('POST', `/api/v1/conversations/${conversationId}/close`, { body: {} })).status).toBe(
      200,
    );
    const before = mailsTo('ada@customer.example').length;
    await client.send({
      from: 'ada@customer.example',
      to: SUPPORT,
      subject: 'Re: Opening hours',
      text: 'What are your opening hours?',
      messageId: '<after-close@customer.example>',
      inReplyTo: firstReplyId,
      references: ['<q1@customer.example>', firstReplyId],
    });
    await waitFor(
      () => mailsTo('ada@customer.example').length === before + 1,
      'the answer after closing',
      60_000,
    );
    const next = await conversationOf('<after-close@customer.example>');
    expect(next).not.toBe(conversationId);
    expect((await view(conversationId)).status).toBe('closed');
  });
});
