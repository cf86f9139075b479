import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateKey } from '../../src/secrets/keyring.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { connectWidget } from '../support/livechat.ts';
import { type FrontdeskProcess, freePort, startProcess } from '../support/process.ts';
import { waitFor } from '../support/processes.ts';

const ORIGIN = 'https://shop.example.com';

/**
 * Accept, then process, in live chat (issues 11 and 14): a web-only process acknowledged a
 * visitor's message (stored) and died (kill -9) before any turn ran. After a restart the
 * message is answered once, and the visitor's reconnecting widget finds the answer in its
 * history; the widget's resend of the same client message id adds nothing.
 */
describe.each(backends)('a live chat message accepted before a crash (%s)', (kind) => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it('is answered once after the restart and shows in the history', async () => {
    const db: TestDatabase = await createTestDatabase(kind);
    cleanup.push(() => db.drop());
    const dataDir = db.dataDir ?? (await mkdtemp(join(tmpdir(), 'frontdesk-lc-crash-')));
    if (!db.dataDir) cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    const env = {
      FRONTDESK_SECRET_KEY: generateKey(),
      FRONTDESK_DEMO: 'off',
      ...(db.url ? { DATABASE_URL: db.url } : {}),
    };
    let proc: FrontdeskProcess = await startProcess({
      port,
      dataDir,
      env: { ...env, FRONTDESK_WORKERS: 'off' },
    });
    cleanup.push(() => proc.stop());
    const agentId = (await proc.call('GET', '/api/v1/agents')).body.agents[0].id;
    expect(
      (
        await proc.call('POST', `/api/v1/agents/${agentId}/knowledge/faqs`, {
          question: 'What are your opening hours?',
          answer: 'We are open 9 to 5, Monday to Friday.',
        })
      ).status,
    ).toBe(201);
    const channel = await proc.call('POST', '/api/v1/channels', {
      type: 'livechat',
      name: 'Shop chat',
      config: { allowedOrigins: [ORIGIN] },
    });
    expect(channel.status).toBe(201);
    expect(
      (await proc.call('POST', '/api/v1/deployments', { agentId, channelId: channel.body.id })).status,
    ).toBe(201);

    const before = await connectWidget(proc.url, channel.body.publicId, ORIGIN);
    const ready = await before.hello();
    expect(ready.type).toBe('ready');
    const frame = { type: 'message', clientMessageId: 'crash-1', text: 'What are your opening hours?' };
    before.send(frame);
    const ack = await before.next((f) => f.type === 'ack', 'the message stored');
    expect(before.frames.some((f) => f.type === 'message' && f.message.from === 'agent')).toBe(false);
    await proc.crash();
    await before.closed;

    proc = await startProcess({ port, dataDir, env });
    const after = await connectWidget(proc.url, channel.body.publicId, ORIGIN);
    cleanup.push(() => after.close());
    const back = await after.hello({ session: ready.session });
    const conversationId = back.conversationId;
    expect(conversationId).toEqual(expect.stringMatching(/^cnv_/));
    // The reply arrives live, or is already in the history when the sweeper was quicker.
    await waitFor(
      () =>
        back.messages.some((m: any) => m.from === 'agent') ||
        after.frames.some((f) => f.type === 'message' && f.message.from === 'agent'),
      'the answer after the restart',
      60_000,
    );
    // A resend of the same message after reconnecting is the same message.
    after.send(frame);
    const again = await after.next((f) => f.type === 'ack', 'the resend acknowledged');
    expect(again).toMatchObject({ messageId: ack.messageId, duplicate: true });

    await new Promise((r) => setTimeout(r, 2500));
    const conversation = (await proc.call('GET', `/api/v1/conversations/${conversationId}`)).body;
    const roles = conversation.messages.map((m: any) => m.role);
    expect(roles.filter((r: string) => r === 'customer')).toHaveLength(1);
    const answers = conversation.messages.filter((m: any) => m.role === 'agent');
    expect(answers).toHaveLength(1);
    expect(answers[0].text).toContain('We are open 9 to 5');
  }, 180_000);
});
