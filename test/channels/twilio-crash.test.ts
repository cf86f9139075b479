import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateKey } from '../../src/secrets/keyring.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { type FrontdeskProcess, freePort, startProcess } from '../support/process.ts';
import { waitFor } from '../support/processes.ts';
import { Caller } from '../support/twilio/caller.ts';
import { startTwilioStandIn } from '../support/twilio/stand-in.ts';

/**
 * Accept, then process, for Twilio SMS (issue 14): a web-only process verifies and stores
 * the message and answers Twilio, then dies (kill -9) before any turn runs. After the
 * restart the message is processed once and the reply reaches Twilio once; Twilio's
 * redelivery of the same MessageSid changes nothing.
 */
/** The demo agent, seeded just after the server starts listening. */
async function demoAgent(proc: FrontdeskProcess): Promise<{ id: string }> {
  let found: { id: string } | undefined;
  await waitFor(
    async () => {
      const agents = (await proc.call('GET', '/api/v1/agents')).body.agents as { id: string; name: string }[];
      found = agents.find((a) => a.name === 'Demo Store Assistant');
      return !!found;
    },
    'the demo agent',
    30_000,
  );
  return found!;
}

describe.each(backends)('a Twilio SMS accepted before a crash (%s)', (kind) => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it('is answered once after the restart', async () => {
    const tw = await startTwilioStandIn();
    cleanup.push(() => tw.close());
    const db: TestDatabase = await createTestDatabase(kind);
    cleanup.push(() => db.drop());
    const dataDir = db.dataDir ?? (await mkdtemp(join(tmpdir(), 'frontdesk-twilio-crash-')));
    if (!db.dataDir) cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    const env = {
      FRONTDESK_SECRET_KEY: generateKey(),
      FRONTDESK_DEMO: 'on',
      FRONTDESK_DEV_HOSTS: `127.0.0.1:${port},${tw.host}`,
      ...(db.url ? { DATABASE_URL: db.url } : {}),
    };
    let proc: FrontdeskProcess = await startProcess({
      port,
      dataDir,
      env: { ...env, FRONTDESK_WORKERS: 'off' },
    });
    cleanup.push(() => proc.stop());
    const demo = await demoAgent(proc);
    const channel = await proc.call('POST', '/api/v1/channels', {
      type: 'twilio-sms',
      name: 'SMS',
      config: {
        accountSid: tw.accountSid,
        phoneNumber: '+15005550006',
        apiBaseUrl: tw.url,
        webhookBaseUrl: proc.url,
      },
      secrets: { authToken: tw.authToken },
    });
    expect(channel.status).toBe(201);
    expect(
      (await proc.call('POST', '/api/v1/deployments', { agentId: demo.id, channelId: channel.body.id }))
        .status,
    ).toBe(201);
    const hook = `${proc.url}/webhooks/twilio-sms/${channel.body.id}`;
    const sms = {
      MessageSid: `SM${'c'.repeat(32)}`,
      AccountSid: tw.accountSid,
      From: '+14155550177',
      To: '+15005550006',
      Body: 'where is my order 1234?',
      NumMedia: '0',
    };
    expect((await tw.webhook(hook, sms)).status).toBe(200);
    await proc.crash();
    expect(tw.requests).toHaveLength(0);

    proc = await startProcess({ port, dataDir, env });
    await waitFor(async () => tw.sent().length > 0, 'the reply after the restart', 60_000);
    expect(tw.sent()[0]).toMatchObject({
      To: '+14155550177',
      Body: expect.stringMatching(/^Order 1234 is shipped/),
    });
    // Twilio delivers the same message again; later sweeps pass: still one reply.
    expect((await tw.webhook(hook, sms)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 2500));
    expect(tw.sent()).toHaveLength(1);
  }, 180_000);

  it('keeps a caller’s words through a crash and answers them after the restart', async () => {
    const tw = await startTwilioStandIn();
    cleanup.push(() => tw.close());
    const db: TestDatabase = await createTestDatabase(kind);
    cleanup.push(() => db.drop());
    const dataDir = db.dataDir ?? (await mkdtemp(join(tmpdir(), 'frontdesk-twilio-crash-')));
    if (!db.dataDir) cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    const env = {
      FRONTDESK_SECRET_KEY: generateKey(),
      FRONTDESK_DEMO: 'on',
      ...(db.url ? { DATABASE_URL: db.url } : {}),
    };
    // Web only, and no wait: the webhook stores the words and answers "one moment".
    let proc: FrontdeskProcess = await startProcess({
      port,
      dataDir,
      env: { ...env, FRONTDESK_WORKERS: 'off', FRONTDESK_REPLY_WAIT_MS: '0' },
    });
    cleanup.push(() => proc.stop());
    const demo = await demoAgent(proc);
    const channel = await proc.call('POST', '/api/v1/channels', {
      type: 'twilio-voice',
      name: 'Phone',
      config: { accountSid: tw.accountSid, phoneNumber: '+15005550006', webhookBaseUrl: proc.url },
      secrets: { authToken: tw.authToken },
    });
    expect(channel.status).toBe(201);
    expect(
      (await proc.call('POST', '/api/v1/deployments', { agentId: demo.id, channelId: channel.body.id }))
        .status,
    ).toBe(201);
    const caller = new Caller(
      tw,
      `${proc.url}/webhooks/twilio-voice/${channel.body.id}`,
      '+14155550178',
      '+15005550006',
    );
    await caller.dial();
    const action = caller.last!.gather!.action;
    const held = await caller.post(action, { SpeechResult: 'Where is my order 1234?' }, { follow: false });
    expect(held.said).toBe('One moment, please.');
    expect(held.redirect).toContain('event=wait');
    await proc.crash();

    proc = await startProcess({ port, dataDir, env });
    const told = await caller.post(held.redirect!);
    expect(told.said).toMatch(/^Order 1234 is shipped\./);
    // Twilio repeats the first webhook: the same answer; one stored utterance, one reply.
    const again = await caller.post(action, { SpeechResult: 'Where is my order 1234?' });
    expect(again.said).toBe(told.said);
    const id = new URL(held.redirect!).searchParams.get('c');
    const messages = (await proc.call('GET', `/api/v1/conversations/${id}`)).body.messages;
    expect(messages.filter((m: { role: string }) => m.role === 'customer')).toHaveLength(1);
    expect(messages.filter((m: { role: string }) => m.role === 'agent')).toHaveLength(1);
  }, 180_000);
});
