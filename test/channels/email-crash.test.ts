import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateKey } from '../../src/secrets/keyring.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { mailClient, parseMail } from '../support/mail-client.ts';
import { type FrontdeskProcess, freePort, startProcess } from '../support/process.ts';
import { waitFor } from '../support/processes.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';

/**
 * Accept, then process, over email (issues 7 and 14): a process that answered 250 to a
 * message and dies (kill -9) before its turn runs loses nothing — after a restart the
 * message is answered once by email, and the sending server's retry of the same
 * Message-ID adds nothing.
 */
describe.each(backends)('an email accepted before a crash (%s)', (kind) => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it('is answered once after the restart', async () => {
    const db: TestDatabase = await createTestDatabase(kind);
    cleanup.push(() => db.drop());
    const dataDir = db.dataDir ?? (await mkdtemp(join(tmpdir(), 'frontdesk-crash-')));
    if (!db.dataDir) cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const sink = await startSmtpSink();
    cleanup.push(() => sink.close());
    const [port, smtpPort] = [await freePort(), await freePort()];
    const env = {
      FRONTDESK_SECRET_KEY: generateKey(),
      FRONTDESK_DEMO: 'on',
      FRONTDESK_DEV_HOSTS: `127.0.0.1:${port},${sink.host}`,
      FRONTDESK_SMTP_INBOUND_PORT: String(smtpPort),
      ...(db.url ? { DATABASE_URL: db.url } : {}),
    };
    // A web-only process: it stores and acknowledges, and runs no turn.
    let proc: FrontdeskProcess = await startProcess({
      port,
      dataDir,
      env: { ...env, FRONTDESK_WORKERS: 'off' },
    });
    cleanup.push(() => proc.stop());
    const agents = (await proc.call('GET', '/api/v1/agents')).body.agents;
    const demo = agents.find((a: { name: string }) => a.name === 'Demo Store Assistant');
    const channel = await proc.call('POST', '/api/v1/channels', {
      type: 'email',
      name: 'Orders',
      config: { addresses: ['orders@shop.example'], smtpUrl: sink.url },
    });
    expect(channel.status).toBe(201);
    expect(
      (await proc.call('POST', '/api/v1/deployments', { agentId: demo.id, channelId: channel.body.id }))
        .status,
    ).toBe(201);
    const client = mailClient(smtpPort);
    const mail = {
      from: 'ada@customer.example',
      to: 'orders@shop.example',
      subject: 'My order',
      text: 'where is my order 1234?',
      messageId: '<order-1234@customer.example>',
    };
    const answer = await client.send(mail);
    client.close();
    expect(answer.response).toMatch(/^250 2\.0\.0 Stored as msg_/);
    await proc.crash();
    expect(sink.messages).toHaveLength(0);

    proc = await startProcess({ port, dataDir, env });
    await waitFor(() => sink.messages.length > 0, 'the reply after the restart', 60_000);
    const reply = await parseMail(sink.messages[0]!.raw);
    expect(reply.inReplyTo).toBe('<order-1234@customer.example>');
    expect(reply.text).toMatch(/^Order 1234 is shipped/);
    // The sending server retries (it never saw our 250, say): nothing new.
    const again = mailClient(smtpPort);
    expect((await again.send(mail)).response).toMatch(/^250/);
    again.close();
    // Another sweep has passed: still one answer.
    await new Promise((r) => setTimeout(r, 2500));
    expect(sink.messages).toHaveLength(1);
  }, 180_000);
});
