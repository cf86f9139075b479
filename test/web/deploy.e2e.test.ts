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
  let team: { id: string; name: string; members: Array<{ email: string }> };

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
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Channels' }).click();
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
  it('sets up a WhatsApp channel from its published schema alone: checks, defaults, webhook URL', async () => {
    await page.getByRole('button', { name: 'New channel' }).click();
    await page.getByLabel('Type').selectOption('whatsapp');
    await page.getByLabel('Name', { exact: true }).fill('WhatsApp support');
    expect(await page.getByLabel('Graph API URL').inputValue()).toMatch(/^https:\/\/graph\.facebook\.com\//);
    // The schema's own pattern is checked in the browser, at the field, before anything is sent.
    await page.getByLabel('Phone number ID').fill('not digits');
    await page.getByRole('button', { name: 'Create channel' }).click();
    await page.locator('small.error[data-path="config.phoneNumberId"]').waitFor();
    expect((await t.call('GET', '/api/v1/channels')).body.channels).toHaveLength(2);
    await page.getByLabel('Phone number ID').fill('1234567890');
    await page.getByLabel('Access token (secret)').fill('EAAG'.padEnd(40, 'x'));
    await page.getByRole('button', { name: 'Create channel' }).click();
    await page.getByRole('heading', { name: 'Secrets: copy them now' }).waitFor();
    const wa = (await t.call('GET', '/api/v1/channels')).body.channels.find(
      (c: any) => c.type === 'whatsapp',
    );
    expect(wa.config).toMatchObject({ phoneNumberId: '1234567890' });
    expect(await textOf(page, 'webhook-url')).toBe(`${t.url}/webhooks/whatsapp/${wa.id}`);
    // On create every secret is shown once, the generated ones (verify token, app secret) included.
    expect((await textOf(page, 'secret-verifyToken')).length).toBeGreaterThanOrEqual(16);
    await page.getByRole('button', { name: 'Send a test message' }).waitFor();
    await checkScreen(page, 'deploy-04b-whatsapp');
  });

  it('deploys the agent to live chat with split-shift hours and a holiday in a chosen time zone', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Deploy' }).click();
    await page.getByText('The agent is not on any channel yet.').waitFor();
    await page.getByText('No teams yet.').waitFor();
    await checkScreen(page, 'deploy-05-deploy-empty');
    await page.getByRole('button', { name: 'New team' }).click();
    await page.getByLabel('Team name').fill('VIP desk');
    await page.getByLabel('admin@localhost').check();
    await page.getByRole('button', { name: 'Create team' }).click();
    await page.getByRole('cell', { name: 'VIP desk', exact: true }).waitFor();
    team = (await t.call('GET', '/api/v1/teams')).body.teams.find((x: any) => x.name === 'VIP desk');
    expect(team.members.map((m: any) => m.email)).toEqual(['admin@localhost']);
    await page.getByRole('button', { name: 'Deploy to a channel' }).click();
    await page.getByLabel('Channel').selectOption({ label: 'Website chat (Live chat)' });
    await page.getByLabel('During specific hours').check();
    await page.getByLabel('Time zone').selectOption('America/New_York');
    await page.getByLabel('Interval 1 to').fill('12:00');
    await page.getByRole('button', { name: 'Add interval' }).click();
    expect(await page.getByLabel('Interval 2 from').inputValue()).toBe('13:00');
    await page.getByLabel('Interval 2 to').fill('17:30');
    await page.getByRole('button', { name: 'Add holiday' }).click();
    await page.getByLabel('Holiday 1').fill('2026-12-25');
    await page.getByLabel('Assign new conversations to').selectOption('team');
    expect(await page.getByLabel('Team', { exact: true }).inputValue()).toBe(team.id);
    await page.getByLabel('Message to the customer (optional)').fill('A colleague will answer soon.');
    await checkScreen(page, 'deploy-06-deployment-editor');
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.getByRole('status').getByText('Deployed to “Website chat”.').waitFor();
    const row = page.getByRole('row', { name: /Website chat/ });
    expect(await row.textContent()).toContain('America/New_York');

    const { deployments } = (await t.call('GET', '/api/v1/deployments')).body;
    expect(deployments).toHaveLength(1);
    const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'];
    expect(deployments[0]).toMatchObject({
      channel: { name: 'Website chat', type: 'livechat' },
      hours: {
        mode: 'during',
        timeZone: 'America/New_York',
        intervals: [
          { days: weekdays, from: '09:00', to: '12:00' },
          { days: weekdays, from: '13:00', to: '17:30' },
        ],
        holidays: ['2026-12-25'],
      },
      whenUnavailable: { assignTo: 'team', teamId: team.id, message: 'A colleague will answer soon.' },
    });
    await checkScreen(page, 'deploy-07-deployed');
  });

  it("adds a routing rule sending VIPs to a team, after showing a bad rule's reason", async () => {
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByLabel('Rule name').fill('VIPs to the VIP desk');
    await page.getByLabel('Condition 1 field').fill('contact.level');
    await page.getByLabel('Condition 1 value').fill('vip');
    await page.getByRole('button', { name: 'Save rule' }).click();
    const reason = page.getByRole('alert').getByText(/unknown variable "contact.level"/);
    await reason.waitFor();
    await checkScreen(page, 'deploy-08-bad-rule');
    await page.getByLabel('Condition 1 field').fill('contact.tier');
    await page.getByRole('button', { name: 'Save rule' }).click();
    await page.getByRole('status').getByText('Added “VIPs to the VIP desk”.').waitFor();
    expect(await page.getByRole('row', { name: /VIPs to the VIP desk/ }).textContent()).toContain(
      'Team VIP desk',
    );
    const { rules } = (await t.call('GET', '/api/v1/routing-rules')).body;
    expect(rules).toEqual([
      expect.objectContaining({
        name: 'VIPs to the VIP desk',
        enabled: true,
        condition: { '==': [{ var: 'contact.tier' }, 'vip'] },
        target: { assignTo: 'team', teamId: team.id },
      }),
    ]);
    await checkScreen(page, 'deploy-09-rule');
    await page.getByRole('button', { name: 'Turn off VIPs to the VIP desk' }).click();
    await page.getByRole('status').getByText('Turned “VIPs to the VIP desk” off.').waitFor();
    expect((await t.call('GET', '/api/v1/routing-rules')).body.rules[0].enabled).toBe(false);
    await page.getByRole('button', { name: 'Turn on VIPs to the VIP desk' }).click();
    await page.getByRole('status').getByText('Turned “VIPs to the VIP desk” on.').waitFor();
    expect((await t.call('GET', '/api/v1/routing-rules')).body.rules[0].enabled).toBe(true);
    await page.getByRole('button', { name: 'Edit VIPs to the VIP desk' }).click();
    expect(await page.getByLabel('Condition 1 value').inputValue()).toBe('vip');
    await page.getByRole('button', { name: 'Add condition' }).click();
    await page.getByLabel('Condition 2 field').fill('conversation.channel');
    await page.getByLabel('Condition 2 value').fill('livechat');
    await page.getByRole('button', { name: 'Save rule' }).click();
    await page.getByRole('status').getByText('Saved “VIPs to the VIP desk”.').waitFor();
    expect((await t.call('GET', '/api/v1/routing-rules')).body.rules[0].condition).toEqual({
      and: [
        { '==': [{ var: 'contact.tier' }, 'vip'] },
        { '==': [{ var: 'conversation.channel' }, 'livechat'] },
      ],
    });
  });

  it('edits a deployment: the editor shows what is stored, and a change is saved', async () => {
    await page.getByRole('button', { name: 'Edit Website chat' }).click();
    expect(await page.getByLabel('Time zone').inputValue()).toBe('America/New_York');
    expect(await page.getByLabel('Interval 2 to').inputValue()).toBe('17:30');
    expect(await page.getByLabel('Holiday 1').inputValue()).toBe('2026-12-25');
    await page.getByLabel('Assign new conversations to').selectOption('unassigned');
    await page.getByRole('button', { name: 'Save deployment' }).click();
    await page.getByRole('status').getByText('Saved “Website chat”.').waitFor();
    const [d] = (await t.call('GET', '/api/v1/deployments')).body.deployments;
    expect(d.whenUnavailable).toEqual({ assignTo: 'unassigned', message: 'A colleague will answer soon.' });
    expect(d.hours.intervals).toHaveLength(2);
  });

  it('switches the agent off and on again, account-wide', async () => {
    const toggle = page.getByRole('switch', { name: 'The agent takes new conversations' });
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    await toggle.click();
    await waitFor(
      async () => (await t.call('GET', '/api/v1/agent-switch')).body.on === false,
      'switched off',
    );
    expect(await textOf(page, 'switch-state')).toBe('Off');
    await checkScreen(page, 'deploy-10-switch-off');
    await toggle.press('Space');
    await waitFor(async () => (await t.call('GET', '/api/v1/agent-switch')).body.on === true, 'switched on');
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
  });
  it('sets the credits and shows usage per day, channel and agent', async () => {
    // Usage: three customers write on the custom channel, deployed; each conversation the agent takes uses a credit.
    const agentId = (await t.call('GET', '/api/v1/agents')).body.agents[0].id;
    const shop = (await t.call('GET', '/api/v1/channels/Shop app')).body;
    expect(
      (await t.call('POST', '/api/v1/deployments', { body: { agentId, channelId: shop.id } })).status,
    ).toBe(201);
    const rotated = await t.call('PATCH', `/api/v1/channels/${shop.id}`, {
      body: { rotate: ['channelKey'] },
    });
    for (const customer of ['cust-1', 'cust-2', 'cust-3']) {
      const posted = await fetch(`${t.url}/webhooks/custom/${shop.id}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${rotated.body.secrets.channelKey}`,
        },
        body: JSON.stringify({ messageId: `m-${customer}`, contact: { id: customer }, text: 'Hi there' }),
      });
      expect(posted.status).toBe(202);
    }
    await waitFor(
      async () => (await t.call('GET', '/api/v1/credits/usage')).body.total === 3,
      'three credits used',
    );

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Credits' }).click();
    await page.getByTestId('usage-total').waitFor();
    expect(await textOf(page, 'usage-total')).toBe('3');
    expect(await page.getByTestId('day-chart').locator('rect').count()).toBeGreaterThan(0);
    expect(await textOf(page, 'usage-by-channel')).toBe('Custom (your server)3 (100%)');
    expect(await textOf(page, 'usage-by-agent')).toBe('Frontdesk Agent3 (100%)');

    await page.getByLabel('Unlimited (usage is still counted)').uncheck();
    await page.getByLabel('Credits per period').fill('500');
    await page.getByLabel('Period', { exact: true }).selectOption('month');
    await page.getByLabel('Reset date (UTC)').fill('2027-01-01');
    await page.getByLabel('Top up automatically when the balance runs out').check();
    await page.getByLabel('Credits per automatic top-up').fill('250');
    await page.getByRole('button', { name: 'Save credit settings' }).click();
    await page.getByText('Credit settings saved.').waitFor();
    await page.getByLabel('Order number or note (optional)').fill('PO-77');
    await page.getByRole('button', { name: 'Add 1,000 credits' }).click();
    await page.getByText(/\+1,000 \(purchase, PO-77\)/).waitFor();
    const credits = (await t.call('GET', '/api/v1/credits')).body;
    expect(credits).toMatchObject({
      unlimited: false,
      allotment: 500,
      period: 'month',
      resetAt: '2027-01-01T00:00:00.000Z',
      purchasedLeft: 1000,
      autoTopUp: { enabled: true, packSize: 250, maxPerPeriod: 1 },
    });
    expect(await textOf(page, 'balance')).toBe((credits.balance as number).toLocaleString('en-US'));
    await checkScreen(page, 'deploy-11-credits');
  });

  it('fits a phone screen on every new screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [link, ready, shot] of [
      ['Channels', 'Website chat', 'deploy-12-phone-channels'],
      ['Deploy', 'VIPs to the VIP desk', 'deploy-13-phone-deploy'],
      ['Credits', 'By channel', 'deploy-14-phone-credits'],
    ] as const) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link }).click();
      await page.getByText(ready, { exact: true }).first().waitFor();
      const overflow = await page.evaluate(() => {
        const d = (globalThis as any).document.documentElement;
        return d.scrollWidth - d.clientWidth;
      });
      expect(overflow, link).toBeLessThanOrEqual(0);
      await checkScreen(page, shot);
    }
  });
});
