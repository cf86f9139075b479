import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey } from '../../src/secrets/keyring.ts';
import { createTestDatabase, pgUrl, type TestDatabase } from '../support/databases.ts';
import { connectWidget, type WidgetClient } from '../support/livechat.ts';
import { type FrontdeskProcess, freePort, startProcess } from '../support/process.ts';
import { waitFor } from '../support/processes.ts';

const ORIGIN = 'https://shop.example.com';

/**
 * Live chat across processes (issue 11): two `frontdesk start` processes on one PostgreSQL.
 * A runs no workers, B does. A widget connected to A gets the reply B's worker produced and
 * delivered, and the person's reply posted to B's API; a second tab on B sees the visitor's
 * message sent through A. Fan-out is LISTEN/NOTIFY with ids; each process reads the rows.
 */
describe.skipIf(!pgUrl)('live chat on two processes', () => {
  let db: TestDatabase;
  let a: FrontdeskProcess;
  let b: FrontdeskProcess;
  const dirs: string[] = [];
  const sockets: WidgetClient[] = [];
  let publicId = '';

  beforeAll(async () => {
    db = await createTestDatabase('pg');
    const secret = generateKey();
    const start = async (workers: 'on' | 'off') => {
      const dir = await mkdtemp(join(tmpdir(), 'frontdesk-lc-'));
      dirs.push(dir);
      return startProcess({
        port: await freePort(),
        dataDir: dir,
        env: {
          DATABASE_URL: db.url!,
          FRONTDESK_SECRET_KEY: secret,
          FRONTDESK_WORKERS: workers,
          FRONTDESK_DEMO: 'off',
        },
      });
    };
    b = await start('on');
    a = await start('off');
    // One admin key for both: the first start (B) wrote it.
    a.key = b.key;
    const agentId = (await b.call('GET', '/api/v1/agents')).body.agents[0].id;
    expect(
      (
        await b.call('POST', `/api/v1/agents/${agentId}/knowledge/faqs`, {
          question: 'What are your opening hours?',
          answer: 'We are open 9 to 5, Monday to Friday.',
        })
      ).status,
    ).toBe(201);
    const channel = await b.call('POST', '/api/v1/channels', {
      type: 'livechat',
      name: 'Shop chat',
      config: { allowedOrigins: [ORIGIN] },
    });
    expect(channel.status).toBe(201);
    publicId = channel.body.publicId;
    expect(
      (await b.call('POST', '/api/v1/deployments', { agentId, channelId: channel.body.id })).status,
    ).toBe(201);
  }, 180_000);
  afterAll(async () => {
    for (const s of sockets) await s.close().catch(() => {});
    await a?.stop();
    await b?.stop();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
    await db?.drop();
  });

  it("delivers B's reply and a person's reply to a widget on A; a tab on B sees the visitor's message", async () => {
    const onA = await connectWidget(a.url, publicId, ORIGIN);
    sockets.push(onA);
    const ready = await onA.hello();
    expect(ready.type).toBe('ready');
    onA.send({ type: 'message', clientMessageId: 'x-1', text: 'What are your opening hours?' });
    const ack = await onA.next((f) => f.type === 'ack', 'ack from A');

    const onB = await connectWidget(b.url, publicId, ORIGIN);
    sockets.push(onB);
    const tab = await onB.hello({ session: ready.session });
    expect(tab.conversationId).not.toBeNull();

    const reply = await onA.next((f) => f.type === 'message' && f.message.from === 'agent', "B's reply on A");
    expect(reply.message.text).toContain('We are open 9 to 5');
    const conversation = (await b.call('GET', `/api/v1/conversations/${tab.conversationId}`)).body;
    expect(conversation.messages.find((m: any) => m.id === ack.messageId)).toBeTruthy();
    await waitFor(
      async () =>
        (await b.call('GET', `/api/v1/conversations/${tab.conversationId}`)).body.messages.find(
          (m: any) => m.id === reply.message.id,
        )?.delivery.state === 'sent',
      'the reply delivered by B',
      30_000,
    );

    const from = onA.frames.length;
    onB.send({ type: 'message', clientMessageId: 'x-2', text: 'thanks' });
    const echoed = await onA.next(
      (f) => f.type === 'message' && f.message.clientMessageId === 'x-2',
      "the tab on B's message on A",
      from,
    );
    expect(echoed.message.from).toBe('visitor');

    expect(
      (
        await b.call('POST', `/api/v1/conversations/${tab.conversationId}/human-replies`, {
          text: 'A person here.',
        })
      ).status,
    ).toBe(204);
    const person = await onA.next(
      (f) => f.type === 'message' && f.message.from === 'person',
      "the person's reply",
    );
    expect(person.message.text).toBe('A person here.');
    // Each socket got each message once.
    const ids = onA.frames.filter((f) => f.type === 'message').map((f) => f.message.id);
    expect(new Set(ids).size).toBe(ids.length);
  }, 120_000);

  it("updates a widget's header on A when the agent switch is turned off through B", async () => {
    const onA = await connectWidget(a.url, publicId, ORIGIN);
    sockets.push(onA);
    expect((await onA.hello()).status.poweredByAi).toBe(true);
    const from = onA.frames.length;
    try {
      expect((await b.call('PATCH', '/api/v1/agent-switch', { on: false })).status).toBe(200);
      const status = await onA.next((f) => f.type === 'status', 'the header from B', from);
      expect(status).toMatchObject({ conversationId: null, status: { poweredByAi: false } });
    } finally {
      await b.call('PATCH', '/api/v1/agent-switch', { on: true });
    }
  }, 60_000);
});
