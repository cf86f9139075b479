import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateKey } from '../../src/secrets/keyring.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { type FrontdeskProcess, freePort, startProcess } from '../support/process.ts';
import { waitFor } from '../support/processes.ts';

/**
 * Accept, then process (issue 7): a process that accepts a message and dies (kill -9)
 * before its turn runs loses nothing — after a restart the message is processed once and
 * answered once, and a retry of the same message id returns that one answer.
 */
describe.each(backends)('a message accepted before a crash (%s)', (kind) => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it('is processed once after the restart, with one reply', async () => {
    const db: TestDatabase = await createTestDatabase(kind);
    cleanup.push(() => db.drop());
    const dataDir = db.dataDir ?? (await mkdtemp(join(tmpdir(), 'frontdesk-crash-')));
    if (!db.dataDir) cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    const env = {
      FRONTDESK_SECRET_KEY: generateKey(),
      FRONTDESK_DEMO: 'on',
      FRONTDESK_DEV_HOSTS: `127.0.0.1:${port}`,
      ...(db.url ? { DATABASE_URL: db.url } : {}),
    };
    // A web-only process: it stores and acknowledges, and runs no turn.
    let proc: FrontdeskProcess = await startProcess({
      port,
      dataDir,
      env: { ...env, FRONTDESK_WORKERS: 'off', FRONTDESK_REPLY_WAIT_MS: '0' },
    });
    cleanup.push(() => proc.stop());
    const agents = (await proc.call('GET', '/api/v1/agents')).body.agents;
    const demo = agents.find((a: { name: string }) => a.name === 'Demo Store Assistant');
    const started = await proc.call('POST', `/api/v1/agents/${demo.id}/conversations`, {});
    const id = started.body.id;
    const sent = await proc.call('POST', `/api/v1/conversations/${id}/messages`, {
      text: 'where is my order 1234?',
      clientMessageId: 'm-1',
    });
    expect(sent.status).toBe(202);
    const before = (await proc.call('GET', `/api/v1/conversations/${id}`)).body;
    expect(before.messages.at(-1)).toMatchObject({ role: 'customer', processed: false });
    await proc.crash();

    proc = await startProcess({ port, dataDir, env });
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
});
