import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/channels/custom/signature.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { chromiumPath, launchChromium, type TestBrowser } from '../support/browser.ts';
import { waitFor } from '../support/processes.ts';
import { checkScreen, ensureWebBuild, signIn, textOf } from '../support/web-helpers.ts';
import { startWebhookReceiver } from '../support/webhook-receiver.ts';

const PASSWORD = 'admin password 1';

if (!chromiumPath) {
  console.warn('[web] No Chromium found (/usr/bin/chromium): the deploy screens test is skipped.');
}

/**
 * Channels, Deploy and Credits screens end to end (F1, E1–E7, issue 12), in headless
 * Chromium through the real server; every screen is checked by axe-core and photographed
 * under .artifacts/screenshots. What the screens save is checked again through the API.
 */
describe.skipIf(!chromiumPath)('deploy screens in Chromium', () => {
  let t: TestApp;
  let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let b: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    await ensureWebBuild();
    hook = await startWebhookReceiver();
    t = await startTestApp('pglite', {
      env: { FRONTDESK_ADMIN_PASSWORD: PASSWORD, FRONTDESK_DEV_HOSTS: hook.host },
    });
    b = await launchChromium();
    page = await b.context.newPage();
    page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await b?.close();
    await t?.close();
    await hook?.close();
  });

  it('signs in and shows the channels empty state', async () => {
    await signIn(page, t.url, 'admin@localhost', PASSWORD);
    await page.getByRole('link', { name: 'Channels' }).click();
    await page.getByText('No channels yet.').waitFor();
    await checkScreen(page, 'deploy-01-channels-empty');
  });

  it('creates a live chat channel, with the API field error at its field, and shows its embed snippet', async () => {
    await page.getByRole('button', { name: 'New channel' }).click();
    expect(await page.getByLabel('Type').inputValue()).toBe('livechat');
    await page.getByLabel('Name', { exact: true }).fill('Website chat');
    // The schema says the list is required; the server says what an origin looks like.
    await page.getByRole('button', { name: 'Create channel' }).click();
    await page.locator('small.error[data-path="config.allowedOrigins"]').waitFor();
    await page.getByLabel('Allowed origins').fill('https://shop.example.com/path');
    await page.getByRole('button', { name: 'Create channel' }).click();
    const err = page.locator('small.error[data-path="config.allowedOrigins"]');
    await err.getByText(/must be an origin/).waitFor();
    await checkScreen(page, 'deploy-02-channel-error');
    await page.getByLabel('Allowed origins').fill('https://shop.example.com');
    await page.getByRole('button', { name: 'Create channel' }).click();
    await page.getByRole('heading', { name: 'Secrets: copy them now' }).waitFor();
    const snippet = await textOf(page, 'embed-snippet');
    const chat = (await t.call('GET', '/api/v1/channels')).body.channels.find(
      (c: any) => c.name === 'Website chat',
    );
    expect(snippet).toBe(`<script src="${t.url}/widget.js" data-channel="${chat.publicId}" async></script>`);
    expect((await textOf(page, 'secret-signingSecret')).length).toBeGreaterThanOrEqual(32);
    await page.getByRole('cell', { name: 'Website chat', exact: true }).waitFor();
    await checkScreen(page, 'deploy-03-livechat-created');
  });

  it('creates a custom channel and sends a test message that reaches the webhook, signed', async () => {
    await page.getByRole('button', { name: 'New channel' }).click();
    await page.getByLabel('Type').selectOption('custom');
    await page.getByLabel('Name', { exact: true }).fill('Shop app');
    await page.getByLabel('Webhook URL').fill(hook.url);
    await page.getByRole('button', { name: 'Create channel' }).click();
    await page.getByRole('heading', { name: 'Secrets: copy them now' }).waitFor();
    const secret = await textOf(page, 'secret-webhookSecret');
    const custom = (await t.call('GET', '/api/v1/channels')).body.channels.find(
      (c: any) => c.name === 'Shop app',
    );
    expect(await textOf(page, 'webhook-url')).toBe(`${t.url}/webhooks/custom/${custom.id}`);
    await page.getByLabel('Test text').fill('Hello from the setup screen');
    await page.getByRole('button', { name: 'Send a test message' }).click();
    await page.getByText('The test message was sent.').waitFor();
    const got = hook.received.at(-1)!;
    expect(JSON.parse(got.body)).toEqual({ type: 'test', text: 'Hello from the setup screen' });
    expect(verifySignature(secret, got.body, got.headers['x-frontdesk-signature'] as string)).toBe(true);
    await checkScreen(page, 'deploy-04-custom-test-sent');
    // Reopened, the secrets are never shown again.
    await page.reload();
    await page.getByRole('button', { name: 'Set up Shop app' }).click();
    await page.getByTestId('webhook-url').waitFor();
    expect(await page.content()).not.toContain(secret);
  });
});
