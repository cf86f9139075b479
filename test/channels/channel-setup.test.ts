import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/channels/custom/signature.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { startWebhookReceiver } from '../support/webhook-receiver.ts';

/**
 * Channel setup through the API (E1, F1, issue 12): every type's form is described by the
 * server (JSON Schema from the same Zod rules that validate a save), and a custom channel's
 * test message reaches its webhook signed with the channel's secret.
 */
describe.each(backends)('channel setup (%s)', (kind) => {
  let t: TestApp;
  let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let down: Awaited<ReturnType<typeof startWebhookReceiver>>;

  beforeAll(async () => {
    hook = await startWebhookReceiver();
    down = await startWebhookReceiver([503]);
    t = await startTestApp(kind, {
      env: {
        FRONTDESK_DEV_HOSTS: `${hook.host},${down.host}`,
        FRONTDESK_PUBLIC_URL: 'https://desk.example.com/',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await hook?.close();
    await down?.close();
  });

  it('lists every channel type with its config schema, secrets, public id and webhook path', async () => {
    const res = await t.call('GET', '/api/v1/channel-types');
    expect(res.status).toBe(200);
    expect(res.body.baseUrl).toBe('https://desk.example.com');
    const byType = Object.fromEntries(res.body.types.map((x: any) => [x.type, x]));
    expect(Object.keys(byType)).toEqual(expect.arrayContaining(['api', 'livechat', 'custom']));
    expect(byType.livechat).toMatchObject({
      publicId: true,
      secrets: [{ name: 'signingSecret', minLength: 32, generated: true }],
      canSendTest: false,
      webhookPath: null,
    });
    expect(byType.livechat.config).toMatchObject({
      type: 'object',
      required: ['allowedOrigins'],
      additionalProperties: false,
      properties: {
        allowedOrigins: { type: 'array', minItems: 1, maxItems: 50, items: { type: 'string' } },
        requireVerifiedIdentity: { type: 'boolean', default: false },
      },
    });
    expect(byType.custom).toMatchObject({
      publicId: false,
      secrets: [
        { name: 'channelKey', minLength: 24, generated: true },
        { name: 'webhookSecret', minLength: 32, generated: true },
      ],
      webhookPath: '/webhooks/custom/{channelId}',
      canSendTest: true,
    });
    expect(byType.custom.config.properties.webhookUrl.description).toMatch(/replies are POSTed/i);
    expect(byType.api).toMatchObject({ secrets: [], webhookPath: null, canSendTest: false });
    // A type added by another adapter is described the same way, its webhook found on the server.
    expect(byType.whatsapp).toMatchObject({
      webhookPath: '/webhooks/whatsapp/{channelId}',
      publicId: false,
      canSendTest: true,
    });
    expect(byType.whatsapp.config.required).toContain('phoneNumberId');
    expect(byType.whatsapp.secrets.map((x: any) => x.name)).toEqual([
      'appSecret',
      'accessToken',
      'verifyToken',
    ]);
  });

  it('needs the channels:read scope', async () => {
    const key = (
      await t.call('POST', '/api/v1/api-keys', { body: { name: 'no-channels', scopes: ['agents:read'] } })
    ).body.key;
    expect((await t.call('GET', '/api/v1/channel-types', { key })).status).toBe(403);
  });

  it('sends a custom channel test message to its webhook, signed with the webhook secret', async () => {
    const created = await t.call('POST', '/api/v1/channels', {
      body: { type: 'custom', name: 'Shop app', config: { webhookUrl: hook.url } },
    });
    expect(created.status).toBe(201);
    const before = hook.received.length;
    const res = await t.call('POST', `/api/v1/channels/${created.body.id}/test-message`, {
      body: { to: 'cust-42', text: 'Hello from setup' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ sent: true });
    expect(hook.received).toHaveLength(before + 1);
    const got = hook.received.at(-1)!;
    expect(JSON.parse(got.body)).toEqual({ type: 'test', text: 'Hello from setup', to: 'cust-42' });
    const signature = got.headers['x-frontdesk-signature'] as string;
    expect(verifySignature(created.body.secrets.webhookSecret, got.body, signature)).toBe(true);
    expect(verifySignature('x'.repeat(40), got.body, signature)).toBe(false);
  });

  it("answers the webhook's failure as a 4xx with the reason, and refuses a type that cannot send", async () => {
    const failing = await t.call('POST', '/api/v1/channels', {
      body: { type: 'custom', name: 'Down hook', config: { webhookUrl: down.url } },
    });
    const res = await t.call('POST', `/api/v1/channels/${failing.body.id}/test-message`, {
      body: { text: 'Hello' },
    });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({
      code: 'test_message_failed',
      message: 'The test message was not sent: The webhook answered HTTP 503.',
    });
    expect(down.received).toHaveLength(1);

    // An address outside the policy (not an allowed loopback host) is refused before connecting.
    const blocked = await t.call('POST', '/api/v1/channels', {
      body: { type: 'custom', name: 'Blocked hook', config: { webhookUrl: 'http://127.0.0.1:9/hook' } },
    });
    const refusedByPolicy = await t.call('POST', `/api/v1/channels/${blocked.body.id}/test-message`, {
      body: { text: 'Hello' },
    });
    expect(refusedByPolicy.status).toBe(422);
    expect(refusedByPolicy.body.error.message).toMatch(/could not be reached \(blocked_address\)/);

    const chat = await t.call('POST', '/api/v1/channels', {
      body: { type: 'livechat', name: 'Site chat', config: { allowedOrigins: ['https://shop.example.com'] } },
    });
    const refused = await t.call('POST', `/api/v1/channels/${chat.body.id}/test-message`, {
      body: { text: 'Hello' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('test_not_supported');
  });

  it('validates the body and does not find another id', async () => {
    const created = await t.call('POST', '/api/v1/channels', {
      body: { type: 'custom', name: 'Validated', config: { webhookUrl: hook.url } },
    });
    const before = hook.received.length;
    const empty = await t.call('POST', `/api/v1/channels/${created.body.id}/test-message`, {
      body: { text: '  ' },
    });
    expect(empty.status).toBe(422);
    expect(empty.body.error.details.map((d: any) => d.path)).toContain('text');
    const missing = await t.call('POST', '/api/v1/channels/chn_nope/test-message', { body: { text: 'Hi' } });
    expect(missing.status).toBe(404);
    expect(hook.received).toHaveLength(before);
  });
});
