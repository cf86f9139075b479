import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/channels/custom/signature.ts';
import { generateKey } from '../../src/secrets/keyring.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { type FrontdeskProcess, freePort, startProcess } from '../support/process.ts';
import { waitFor } from '../support/processes.ts';
import { startWebhookReceiver } from '../support/webhook-receiver.ts';

/**
 * Accept, then process (issues 7 and 11): a process that accepts a message and dies
 * (kill -9) before its turn runs loses nothing — after a restart the message is processed
 * once and answered once, and a retry of the same message id returns that one answer. On
 * the API channel and on a custom channel, whose reply reaches the business's webhook once.
 */
describe.each(backends)('a message accepted before a crash (%s)', (kind) => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  /** A web-only process (workers off: it stores and acknowledges, runs no turn), and how to restart it with workers. */
  async function webOnly(extraHosts: string[] = []) {
    const db: TestDatabase = await createTestDatabase(kind);
    cleanup.push(() => db.drop());
    const dataDir = db.dataDir ?? (await mkdtemp(join(tmpdir(), 'frontdesk-crash-')));
    if (!db.dataDir) cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    const env = {
      FRONTDESK_SECRET_KEY: generateKey(),
      FRONTDESK_DEMO: 'on',
      FRONTDESK_DEV_HOSTS: [`127.0.0.1:${port}`, ...extraHosts].join(','),
      ...(db.url ? { DATABASE_URL: db.url } : {}),
    };
    const proc = await startProcess({
      port,
      dataDir,
      env: { ...env, FRONTDESK_WORKERS: 'off', FRONTDESK_REPLY_WAIT_MS: '0' },
    });
    cleanup.push(() => proc.stop());
    const agents = (await proc.call('GET', '/api/v1/agents')).body.agents;
    const demo = agents.find((a: { name: string }) => a.name === 'Demo Store Assistant');
    const restart = async () => {
      await proc.crash();
      const next = await startProcess({ port, dataDir, env });
      cleanup.push(() => next.stop());
      return next;
    };
    return { proc, demoId: demo.id as string, restart };
  }

  it('is processed once after the restart, with one reply', async () => {
    const web = await webOnly();
    let proc: FrontdeskProcess = web.proc;
    const started = await proc.call('POST', `/api/v1/agents/${web.demoId}/conversations`, {});
    const id = started.body.id;
    const sent = await proc.call('POST', `/api/v1/conversations/${id}/messages`, {
      text: 'where is my order 1234?',
      clientMessageId: 'm-1',
    });
    expect(sent.status).toBe(202);
    const before = (await proc.call('GET', `/api/v1/conversations/${id}`)).body;
    expect(before.messages.at(-1)).toMatchObject({ role: 'customer', processed: false });

    proc = await web.restart();
    const replies = async () =>
      (await proc.call('GET', `/api/v1/conversations/${id}`)).body.messages.filter(
        (m: { replyTo?: string }) => m.replyTo === sent.body.messageId,
      );
    await waitFor(async () => (await replies()).length > 0, 'the reply after the restart', 30_000);
    const retry = await proc.call('POST', `/api/v1/conversations/${id}/messages`, {
      text: 'where is my order 1234?',
      clientMessageId: 'm-1',
    });
    expect(retry.status).toBe(200);
    expect(retry.body.replies).toEqual([{ text: expect.stringMatching(/^Order 1234 is shipped/) }]);
    // Another sweep has passed: still one answer, one stored customer message.
    await new Promise((r) => setTimeout(r, 2500));
    const after = (await proc.call('GET', `/api/v1/conversations/${id}`)).body;
    expect(await replies()).toHaveLength(1);
    expect(after.messages.filter((m: { role: string }) => m.role === 'customer')).toHaveLength(1);
    expect(after.messages.at(-1)).toMatchObject({ role: 'agent', delivery: { state: 'sent' } });
  }, 180_000);

  it('on a custom channel: stored, killed, restarted — answered to the webhook exactly once', async () => {
    const hook = await startWebhookReceiver();
    cleanup.push(() => hook.close());
    const web = await webOnly([hook.host]);
    let proc: FrontdeskProcess = web.proc;
    const created = await proc.call('POST', '/api/v1/channels', {
      type: 'custom',
      name: 'Shop app',
      config: { webhookUrl: hook.url },
    });
    expect(created.status).toBe(201);
    const channel = created.body as { id: string; secrets: { channelKey: string; webhookSecret: string } };
    expect(
      (await proc.call('POST', '/api/v1/deployments', { agentId: web.demoId, channelId: channel.id })).status,
    ).toBe(201);
    const post = (url: string) =>
      fetch(`${url}/webhooks/custom/${channel.id}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${channel.secrets.channelKey}`,
        },
        body: JSON.stringify({
          messageId: 'shop-1',
          contact: { id: 'cust-7' },
          text: 'where is my order 1234?',
        }),
      });
    const res = await post(proc.url);
    expect(res.status).toBe(202);
    const sent = (await res.json()) as { conversationId: string; messageId: string; duplicate: boolean };
    expect(sent.duplicate).toBe(false);
    const before = (await proc.call('GET', `/api/v1/conversations/${sent.conversationId}`)).body;
    expect(before.messages.at(-1)).toMatchObject({ id: sent.messageId, role: 'customer', processed: false });
    expect(hook.received).toHaveLength(0);

    proc = await web.restart();
    await waitFor(() => hook.received.length > 0, 'the reply at the webhook after the restart', 30_000);
    // The business retries its message after the crash: the same one, answered once.
    const again = await post(proc.url);
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({ ...sent, duplicate: true });
    // Another sweep has passed: still one delivery, one stored customer message, one reply.
    await new Promise((r) => setTimeout(r, 2500));
    expect(hook.received).toHaveLength(1);
    const delivered = hook.received[0]!;
    expect(
      verifySignature(
        channel.secrets.webhookSecret,
        delivered.body,
        delivered.headers['x-frontdesk-signature'] as string,
      ),
    ).toBe(true);
    const view = (await proc.call('GET', `/api/v1/conversations/${sent.conversationId}`)).body;
    const replies = view.messages.filter((m: { replyTo?: string }) => m.replyTo === sent.messageId);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ delivery: { state: 'sent' } });
    expect(replies[0].text).toMatch(/^Order 1234 is shipped/);
    expect(JSON.parse(delivered.body)).toMatchObject({
      type: 'message',
      conversationId: sent.conversationId,
      messageId: replies[0].id,
      text: replies[0].text,
    });
    expect(view.messages.filter((m: { role: string }) => m.role === 'customer')).toHaveLength(1);
  }, 180_000);
});
