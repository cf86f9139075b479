import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey } from '../../src/secrets/keyring.ts';
import { createTestDatabase, pgUrl, type TestDatabase } from '../support/databases.ts';
import { type InboxStream, openInboxStream } from '../support/inbox-stream.ts';
import { type FrontdeskProcess, freePort, startProcess } from '../support/process.ts';
import { startWebhookReceiver } from '../support/webhook-receiver.ts';

const ADMIN_KEY = 'fdk_Inbox123_abcdefghijklmnopqrstuvwxyzABCDEF0123';

/**
 * The inbox's live view across processes (E8): two `frontdesk start` processes on one
 * PostgreSQL database; a message that arrives on process A reaches an inbox subscriber of
 * process B through the LISTEN/NOTIFY bus, and so does a note made on A.
 */
describe.skipIf(!pgUrl)('inbox live stream across two processes', () => {
  let db: TestDatabase;
  let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const procs: FrontdeskProcess[] = [];
  const dirs: string[] = [];
  let stream: InboxStream | undefined;

  const call = async (p: FrontdeskProcess, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${p.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${ADMIN_KEY}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  beforeAll(async () => {
    db = await createTestDatabase('pg');
    hook = await startWebhookReceiver();
    const secret = generateKey();
    // One after the other: the first start (account, admin key) happens once.
    for (let i = 0; i < 2; i++) {
      const dir = await mkdtemp(join(tmpdir(), 'frontdesk-inbox-mp-'));
      dirs.push(dir);
      procs.push(
        await startProcess({
          port: await freePort(),
          dataDir: dir,
          env: {
            DATABASE_URL: db.url!,
            FRONTDESK_SECRET_KEY: secret,
            FRONTDESK_ADMIN_KEY: ADMIN_KEY,
            FRONTDESK_DEMO: 'off',
            FRONTDESK_DEV_HOSTS: hook.host,
          },
        }),
      );
    }
  }, 180_000);
  afterAll(async () => {
    stream?.close();
    for (const p of procs) await p.stop();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
    await hook?.close();
    await db?.drop();
  });

  it('a subscriber on B sees a message that arrived on A', async () => {
    const [a, b] = procs as [FrontdeskProcess, FrontdeskProcess];
    const agentId = (await call(a, 'GET', '/api/v1/agents')).body.agents[0].id;
    const channel = (
      await call(a, 'POST', '/api/v1/channels', {
        type: 'custom',
        name: 'Shop app',
        config: { webhookUrl: hook.url },
      })
    ).body;
    expect((await call(a, 'POST', '/api/v1/deployments', { agentId, channelId: channel.id })).status).toBe(
      201,
    );

    stream = await openInboxStream(b.url, { key: ADMIN_KEY });
    const posted = await fetch(`${a.url}/webhooks/custom/${channel.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${channel.secrets.channelKey}` },
      body: JSON.stringify({ messageId: 'mp-1', contact: { id: 'cust-mp' }, text: 'I want a human' }),
    });
    expect(posted.status).toBe(202);
    const got = (await posted.json()) as { conversationId: string; messageId: string };
    const received = await stream.next(
      (e) => e.type === 'message.received' && e.data.messageId === got.messageId,
      'the message received on A, seen on B',
    );
    expect(received.data).toMatchObject({ conversationId: got.conversationId, channel: 'custom' });
    await stream.next(
      (e) => e.type === 'conversation.handed_off' && e.data.conversationId === got.conversationId,
      'the handoff, seen on B',
    );
    // B's inbox lists it; a note made on A reaches B's stream too.
    const waiting = (await call(b, 'GET', '/api/v1/inbox/conversations?view=waiting')).body.conversations;
    expect(waiting.map((c: any) => c.id)).toContain(got.conversationId);
    const note = (
      await call(a, 'POST', `/api/v1/inbox/conversations/${got.conversationId}/notes`, { text: 'from A' })
    ).body;
    await stream.next(
      (e) => e.type === 'note.added' && e.data.noteId === note.id,
      'the note made on A, seen on B',
    );
  });
});
