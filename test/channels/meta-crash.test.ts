import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateKey } from '../../src/secrets/keyring.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { startGraphStandIn } from '../support/meta/graph-stand-in.ts';
import { messengerEvents, messengerText, postSigned, whatsAppText } from '../support/meta/webhooks.ts';
import { type FrontdeskProcess, freePort, startProcess } from '../support/process.ts';
import { waitFor } from '../support/processes.ts';

/**
 * Accept, then process, on WhatsApp and Messenger (issue 14): a process that acknowledged a
 * webhook and died (kill -9) before its turn ran loses nothing — after a restart the message
 * is answered once on the channel, and Meta's redelivery of it changes nothing.
 */
const PHONE_NUMBER_ID = '106540352242922';
const PAGE_ID = '1122334455667788';
const PSID = '24681357913579';
const secrets = {
  appSecret: 'wa-app-secret-0123456789abcdef',
  accessToken: 'EAAG-wa-access-token-0123456789abcdefghijkl',
  verifyToken: 'wa-verify-token-0123456789',
};
const question = 'Do you ship internationally?';

/** What differs between the two Meta channels: the channel, the webhook, the reply's shape. */
const channels = [
  {
    type: 'whatsapp',
    config: (graphApiUrl: string) => ({ phoneNumberId: PHONE_NUMBER_ID, graphApiUrl }),
    payload: whatsAppText({
      phoneNumberId: PHONE_NUMBER_ID,
      from: '4915112345678',
      id: 'wamid.crash-1',
      text: question,
    }),
    reply: {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '4915112345678',
      type: 'text',
      text: { body: expect.stringContaining('We ship to 40 countries') },
    },
  },
  {
    type: 'messenger',
    config: (graphApiUrl: string) => ({ pageId: PAGE_ID, graphApiUrl }),
    payload: messengerEvents(PAGE_ID, [
      messengerText({ pageId: PAGE_ID, psid: PSID, mid: 'm_crash-1', text: question }),
    ]),
    reply: {
      recipient: { id: PSID },
      messaging_type: 'RESPONSE',
      message: { text: expect.stringContaining('We ship to 40 countries') },
    },
  },
];

describe.each(backends.flatMap((kind) => channels.map((channel) => ({ kind, channel }))))(
  'a $channel.type message accepted before a crash ($kind)',
  ({ kind, channel: meta }) => {
    const cleanup: (() => Promise<unknown>)[] = [];
    afterAll(async () => {
      for (const c of cleanup.reverse()) await c();
    });

    it('is answered once after the restart', async () => {
      const graph = await startGraphStandIn({
        accessToken: secrets.accessToken,
        phoneNumberIds: [PHONE_NUMBER_ID],
        pageIds: [PAGE_ID],
      });
      cleanup.push(() => graph.close());
      const db: TestDatabase = await createTestDatabase(kind);
      cleanup.push(() => db.drop());
      const dataDir = db.dataDir ?? (await mkdtemp(join(tmpdir(), 'frontdesk-meta-crash-')));
      if (!db.dataDir) cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
      const port = await freePort();
      const env = {
        FRONTDESK_SECRET_KEY: generateKey(),
        FRONTDESK_DEMO: 'on',
        FRONTDESK_DEV_HOSTS: `127.0.0.1:${port},${graph.host}`,
        ...(db.url ? { DATABASE_URL: db.url } : {}),
      };
      // A web-only process: it verifies, stores and acknowledges, and runs no turn.
      let proc: FrontdeskProcess = await startProcess({
        port,
        dataDir,
        env: { ...env, FRONTDESK_WORKERS: 'off' },
      });
      cleanup.push(() => proc.stop());
      const agents = (await proc.call('GET', '/api/v1/agents')).body.agents;
      const demo = agents.find((a: { name: string }) => a.name === 'Demo Store Assistant');
      const channel = await proc.call('POST', '/api/v1/channels', {
        type: meta.type,
        name: meta.type,
        config: meta.config(graph.url),
        secrets,
      });
      expect(channel.status).toBe(201);
      expect(
        (await proc.call('POST', '/api/v1/deployments', { agentId: demo.id, channelId: channel.body.id }))
          .status,
      ).toBe(201);
      const payload = meta.payload;
      const hook = `${proc.url}/webhooks/${meta.type}/${channel.body.id}`;
      expect((await postSigned(hook, payload, secrets.appSecret)).status).toBe(200);
      expect(graph.requests).toHaveLength(0);
      await proc.crash();

      proc = await startProcess({ port, dataDir, env });
      await waitFor(() => graph.requests.length > 0, 'the reply after the restart', 60_000);
      expect(graph.requests[0]!.body).toEqual(meta.reply);
      // Meta redelivers the same message; another sweep passes: still one answer.
      expect(
        (await postSigned(`${proc.url}/webhooks/${meta.type}/${channel.body.id}`, payload, secrets.appSecret))
          .status,
      ).toBe(200);
      await new Promise((r) => setTimeout(r, 2500));
      expect(graph.requests).toHaveLength(1);
    }, 180_000);
  },
);
