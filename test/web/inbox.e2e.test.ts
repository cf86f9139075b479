import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { chromiumPath, launchChromium, type TestBrowser } from '../support/browser.ts';
import { waitFor } from '../support/processes.ts';
import { checkScreen, ensureWebBuild, signIn } from '../support/web-helpers.ts';
import { startWebhookReceiver } from '../support/webhook-receiver.ts';

const PASSWORD = 'admin password 1';

if (!chromiumPath) {
  console.warn(
    '[web] No Chromium found (/usr/bin/chromium): the inbox browser test is skipped. apt-get install chromium',
  );
}

/**
 * The inbox screen (E8, F1) in headless Chromium through the real server: a handed-off
 * conversation appears in the list live (no reload), a person opens it with the keyboard,
 * reads the handoff summary, replies (the customer's webhook gets it), adds a note (it
 * does not), and hands back to the agent. axe-core finds no serious or critical issue on
 * the way, on a wide and a narrow screen.
 */
describe.skipIf(!chromiumPath)('inbox screen in Chromium', () => {
  let t: TestApp;
  let b: TestBrowser;
  let page: Page;
  let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let channel: { id: string; secrets: { channelKey: string } };

  beforeAll(async () => {
    await ensureWebBuild();
    hook = await startWebhookReceiver();
    t = await startTestApp('pglite', {
      env: { FRONTDESK_ADMIN_PASSWORD: PASSWORD, FRONTDESK_DEV_HOSTS: hook.host },
    });
    const agentId = (await t.call('GET', '/api/v1/agents')).body.agents[0].id;
    channel = (
      await t.call('POST', '/api/v1/channels', {
        body: { type: 'custom', name: 'Shop app', config: { webhookUrl: hook.url } },
      })
    ).body;
    await t.call('POST', '/api/v1/deployments', { body: { agentId, channelId: channel.id } });
    b = await launchChromium();
    page = await b.context.newPage();
    page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await b?.close();
    await t?.close();
    await hook?.close();
  });

  it('shows an empty inbox, then a handed-off conversation arriving live', async () => {
    await signIn(page, t.url, 'admin@localhost', PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
    await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
    await page.getByText('Nobody is waiting for a person.').waitFor();
    await page.getByTestId('live').getByText('Live').waitFor();
    await checkScreen(page, 'inbox-01-empty');
    // A marker on the page proves the row arrives without a reload.
    await page.evaluate(() => {
      (globalThis as any).inboxMarker = 'still here';
    });
    const posted = await fetch(`${t.url}/webhooks/custom/${channel.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${channel.secrets.channelKey}` },
      body: JSON.stringify({
        messageId: 'web-1',
        contact: { id: 'ada', name: 'Ada Lovelace' },
        text: 'I want a human',
      }),
    });
    expect(posted.status).toBe(202);
    await page.getByTestId('inbox-list').getByText('Ada Lovelace').waitFor();
    expect(await page.evaluate(() => (globalThis as any).inboxMarker)).toBe('still here');
    await checkScreen(page, 'inbox-02-arrived');
  });

  it('opens it with the keyboard and shows the handoff summary', async () => {
    const row = page.getByTestId('inbox-list').getByRole('link', { name: /Ada Lovelace/ });
    await row.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Ada Lovelace', level: 2 }).waitFor();
    expect(await page.getByTestId('handoff-summary').textContent()).toContain(
      'First request: I want a human',
    );
    await checkScreen(page, 'inbox-03-open');
  });

  it('replies on the channel, adds a note the customer never gets, and hands back', async () => {
    await page.getByRole('textbox', { name: 'Reply to the customer' }).fill('Hello Ada, a person here.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByTestId('transcript').getByText('Hello Ada, a person here.').waitFor();
    await waitFor(
      () => hook.received.some((r) => JSON.parse(r.body).text === 'Hello Ada, a person here.'),
      'the reply delivered to the customer',
    );
    await page
      .getByTestId('owner')
      .getByText(/Admin|admin/)
      .waitFor();

    await page.getByRole('textbox', { name: 'Internal note' }).fill('Ada is a long-time customer.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByTestId('transcript').getByText('Ada is a long-time customer.').waitFor();
    await checkScreen(page, 'inbox-04-replied');

    await page.getByRole('button', { name: 'Hand back to the agent' }).click();
    await page.getByTestId('owner').getByText('The agent').waitFor();
    // No longer waiting for a person: it leaves the list.
    await page.getByText('Nobody is waiting for a person.').waitFor();
    expect(hook.received.some((r) => r.body.includes('long-time customer'))).toBe(false);
  });

  it('works on a narrow screen', async () => {
    await page.getByLabel('View').selectOption('agent');
    await page.getByTestId('inbox-list').getByText('Ada Lovelace').waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    await checkScreen(page, 'inbox-05-narrow');
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
