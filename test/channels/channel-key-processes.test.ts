import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateKey } from '../../src/secrets/keyring.ts';
import { createTestDatabase, pgUrl } from '../support/databases.ts';
import { type FrontdeskProcess, freePort, startProcess } from '../support/process.ts';
import { waitFor } from '../support/processes.ts';

/**
 * Webhook routes keep a loaded channel for a while (src/channels/channel-cache.ts). Two
 * `frontdesk start` processes share one PostgreSQL database: a key rotated through one is
 * refused by the other as soon as the change notice arrives — well before the cache's own
 * 30-second lifetime — and the new key is accepted there.
 */
describe.skipIf(!pgUrl)('a channel key rotated in another process', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it('is refused by every process at once', async () => {
    const db = await createTestDatabase('pg');
    cleanup.push(() => db.drop());
    const env = {
      DATABASE_URL: db.url!,
      FRONTDESK_SECRET_KEY: generateKey(),
      FRONTDESK_DEMO: 'off',
      FRONTDESK_DEV_HOSTS: '127.0.0.1:9',
    };
    const procs: FrontdeskProcess[] = [];
    for (let i = 0; i < 2; i++) {
      const dataDir = await mkdtemp(join(tmpdir(), 'frontdesk-keys-'));
      cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
      const proc = await startProcess({ port: await freePort(), dataDir, env });
      cleanup.push(() => proc.stop());
      procs.push(proc);
    }
    const [a, b] = procs as [FrontdeskProcess, FrontdeskProcess];
    const agent = await a.call('POST', '/api/v1/agents', { name: 'Shop agent' });
    const created = await a.call('POST', '/api/v1/channels', {
      type: 'custom',
      name: 'Shop app',
      config: { webhookUrl: 'http://127.0.0.1:9/hook' },
    });
    expect(created.status).toBe(201);
    const channelId = created.body.id as string;
    await a.call('POST', '/api/v1/deployments', { agentId: agent.body.id, channelId });
    let n = 0;
    const post = (proc: FrontdeskProcess, key: string) =>
      fetch(`${proc.url}/webhooks/custom/${channelId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ messageId: `m-${++n}`, contact: { id: 'cust-1' }, text: 'Hello' }),
      });
    const oldKey = created.body.secrets.channelKey as string;
    // Process b has the channel cached now.
    expect((await post(b, oldKey)).status).toBe(202);
    expect((await post(b, oldKey)).status).toBe(202);

    const rotated = await a.call('PATCH', `/api/v1/channels/${channelId}`, { rotate: ['channelKey'] });
    expect(rotated.status).toBe(200);
    const newKey = rotated.body.secrets.channelKey as string;
    expect((await post(a, oldKey)).status).toBe(401);
    await waitFor(async () => (await post(b, oldKey)).status === 401, 'b to refuse the old key', 10_000);
    expect((await post(b, newKey)).status).toBe(202);
  }, 180_000);
});
