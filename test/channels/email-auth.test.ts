import { generateKeyPairSync } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DNSResolver } from '../../src/channels/email/authenticate.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { mailClient } from '../support/mail-client.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';

/**
 * Verified email (E1): a sender counts as verified only on a channel that trusts inbound
 * authentication results, and only when mailauth finds a DKIM signature aligned with the
 * From domain (here signed by a key made in this test and published through mailauth's
 * resolver option) — never by the From header alone. Also the per-sender reply limit.
 */
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const published = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
const dns: Record<string, string[][]> = {
  'mail2026._domainkey.customer.example': [[`v=DKIM1; k=rsa; p=${published}`]],
  '_dmarc.customer.example': [['v=DMARC1; p=reject']],
};
const resolver: DNSResolver = async (name, rrtype) => {
  const answer = rrtype === 'TXT' ? dns[name.toLowerCase()] : undefined;
  if (answer) return answer;
  throw Object.assign(new Error(`no ${rrtype} record for ${name}`), { code: 'ENOTFOUND' });
};

describe.each(backends)('email sender verification (%s)', (kind) => {
  let t: TestApp;
  let sink: SmtpSink;
  let client: ReturnType<typeof mailClient>;
  let signer: Transporter;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp(kind, {
      env: { FRONTDESK_DEV_HOSTS: sink.host, FRONTDESK_SMTP_INBOUND_PORT: '0' },
      emailResolver: resolver,
    });
    client = mailClient(t.rt.smtpPort!);
    // The customer's own mail server, which DKIM-signs what it sends for customer.example.
    signer = nodemailer.createTransport({
      host: '127.0.0.1',
      port: t.rt.smtpPort!,
      secure: false,
      ignoreTLS: true,
      dkim: {
        domainName: 'customer.example',
        keySelector: 'mail2026',
        privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      },
    });
    const channels = [
      ['Plain', 'plain@shop.example', { trustAuthenticationResults: false }],
      ['Trusting', 'trusting@shop.example', { trustAuthenticationResults: true }],
      ['Limited', 'limited@shop.example', { maxRepliesPerHour: 2 }],
    ] as const;
    for (const [name, address, extra] of channels) {
      const created = await t.call('POST', '/api/v1/channels', {
        body: { type: 'email', name, config: { addresses: [address], smtpUrl: sink.url, ...extra } },
      });
      expect(created.status).toBe(201);
    }
  });
  afterAll(async () => {
    client?.close();
    signer?.close();
    await t?.close();
    await sink?.close();
  });

  const contactOf = async (messageId: string) => {
    const row = await t.rt.ctx.db
      .selectFrom('email_threads')
      .select('conversation_id')
      .where('message_id', '=', messageId)
      .executeTakeFirstOrThrow();
    return (await t.call('GET', `/api/v1/conversations/${row.conversation_id}`)).body.contact;
  };

  it('does not verify anyone on a channel that does not opt in, signed or not', async () => {
    await signer.sendMail({
      from: 'ada@customer.example',
      to: 'plain@shop.example',
      subject: 'Refund',
      text: 'I would like a refund for order 1234.',
      messageId: '<signed-plain@customer.example>',
    });
    const contact = await contactOf('<signed-plain@customer.example>');
    expect(contact.email).toBe('ada@customer.example');
    expect(contact.verified).toEqual([]);
  });

  it('verifies a DKIM-signed sender on a channel that opts in', async () => {
    await signer.sendMail({
      from: 'ada@customer.example',
      to: 'trusting@shop.example',
      subject: 'Refund',
      text: 'I would like a refund for order 1234.',
      messageId: '<signed-trusting@customer.example>',
    });
    const contact = await contactOf('<signed-trusting@customer.example>');
    expect(contact.verified).toEqual(['email']);
    expect(contact.identities).toEqual([
      { type: 'email', value: 'ada@customer.example', verified: true, verifiedVia: 'email_authenticated' },
    ]);
  });

  it('does not verify an unsigned message whose From names the domain', async () => {
    await client.send({
      from: 'boss@customer.example',
      to: 'trusting@shop.example',
      text: 'Please refund order 999 to me.',
      messageId: '<forged@customer.example>',
    });
    expect((await contactOf('<forged@customer.example>')).verified).toEqual([]);
  });

  it('verifies the sender in an open conversation when a later message is signed', async () => {
    await client.send({
      from: 'grace@customer.example',
      to: 'trusting@shop.example',
      text: 'Where is my order 77?',
      messageId: '<grace-1@customer.example>',
    });
    expect((await contactOf('<grace-1@customer.example>')).verified).toEqual([]);
    await signer.sendMail({
      from: 'grace@customer.example',
      to: 'trusting@shop.example',
      subject: 'Order 77',
      text: 'It is order 77, placed last week.',
      messageId: '<grace-2@customer.example>',
    });
    const contact = await contactOf('<grace-2@customer.example>');
    expect(contact.verified).toEqual(['email']);
    // The same conversation, now verified.
    const ids = await t.rt.ctx.db
      .selectFrom('email_threads')
      .select('conversation_id')
      .where('message_id', 'in', ['<grace-1@customer.example>', '<grace-2@customer.example>'])
      .execute();
    expect(new Set(ids.map((r) => r.conversation_id)).size).toBe(1);
  });

  it('does not let unsigned mail continue a verified conversation', async () => {
    const answer = await client.send({
      from: 'ada@customer.example',
      to: 'trusting@shop.example',
      text: 'Also send the refund to this other account please.',
      messageId: '<forged-ada@customer.example>',
    });
    expect(answer.response).toMatch(/^250/);
    const stored = await t.rt.ctx.db
      .selectFrom('email_threads')
      .select('conversation_id')
      .where('message_id', '=', '<forged-ada@customer.example>')
      .execute();
    expect(stored).toEqual([]);
  });

  it('answers at most maxRepliesPerHour messages from one sender', async () => {
    for (const n of [1, 2, 3, 4]) {
      const answer = await client.send({
        from: 'chatty@customer.example',
        to: 'limited@shop.example',
        text: `Question number ${n}?`,
        messageId: `<chatty-${n}@customer.example>`,
      });
      expect(answer.response).toMatch(/^250/);
    }
    const rows = await t.rt.ctx.db
      .selectFrom('email_threads')
      .select('message_id')
      .where('sender', '=', 'chatty@customer.example')
      .orderBy('message_id')
      .execute();
    expect(rows.map((r) => r.message_id)).toEqual([
      '<chatty-1@customer.example>',
      '<chatty-2@customer.example>',
    ]);
  });

  it('refuses an inbound address another email channel already answers', async () => {
    const taken = await t.call('POST', '/api/v1/channels', {
      body: {
        type: 'email',
        name: 'Squatter',
        config: { addresses: ['new@shop.example', 'Plain@shop.example'], smtpUrl: sink.url },
      },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.details).toEqual([{ path: 'config.addresses[1]', message: 'taken' }]);
    // A channel keeps its own addresses when it is changed.
    const kept = await t.call('PATCH', '/api/v1/channels/Plain', {
      body: { config: { addresses: ['plain@shop.example', 'other@shop.example'], smtpUrl: sink.url } },
    });
    expect(kept.status).toBe(200);
  });
});
