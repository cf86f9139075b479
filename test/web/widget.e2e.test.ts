import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RATE_LIMIT } from '../../src/channels/livechat/session.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { chromiumPath, launchChromium, type TestBrowser } from '../support/browser.ts';
import { signVisitorToken } from '../support/livechat.ts';
import { freePort } from '../support/process.ts';
import { embed as embedOn, type Shop, startShop } from '../support/shop.ts';
import { checkScreen, ensureWidgetBuild } from '../support/web-helpers.ts';

if (!chromiumPath) {
  console.warn(
    '[web] No Chromium found (/usr/bin/chromium): the widget browser tests are skipped. apt-get install chromium',
  );
}

/**
 * The live chat widget in headless Chromium (E1, issue 11): a shop's page on its own
 * loopback origin embeds the one-line script; the widget answers from the demo agent's
 * FAQ, keeps the history across a reload, shows the person's name after a handoff and
 * their reply, runs the demo refund for a signed-in visitor (exactly one refund in the
 * demo store), refuses a forged token, updates its header live when the agent switch
 * changes, and shows a message the server refuses (too many) as not sent, with an alert.
 * Assertions are on the DOM (the shadow root), which Playwright's locators pierce.
 */
describe.skipIf(!chromiumPath)('live chat widget in Chromium', { timeout: 60_000 }, () => {
  let t: TestApp;
  let b: TestBrowser;
  let page: Page;
  let shop: Shop;
  let shopUrl = '';
  let agentId: string;
  let channel: { id: string; publicId: string; secrets: { signingSecret: string } };
  /** The embed on the shop's pages: `/` anonymous, others with a token. */
  const embed = (token?: string) => embedOn(t.url, channel.publicId, token);
  const refunds = async () =>
    (await t.call('GET', '/demo-store/api/refunds', { key: null })).body.refunds as unknown[];
  const conversations = async () =>
    Number(
      (
        await t.rt.ctx.db
          .selectFrom('conversations')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    await ensureWidgetBuild();
    // The shop: its own origin, hostile CSS that must not reach the widget.
    shop = await startShop();
    shopUrl = shop.url;

    // A fixed port: the restart test brings the server back where the widget reconnects.
    const port = String(await freePort());
    t = await startTestApp('pglite', {
      env: { PORT: port, FRONTDESK_DEMO: 'on', FRONTDESK_DEMO_MAILBOX: 'off' },
    });
    agentId = (await t.call('GET', '/api/v1/agents')).body.agents.find(
      (a: { name: string }) => a.name === 'Demo Store Assistant',
    ).id;
    const faq = await t.call('POST', `/api/v1/agents/${agentId}/knowledge/faqs`, {
      body: { question: 'What are your opening hours?', answer: 'We are open 9 to 5, Monday to Friday.' },
    });
    expect(faq.status).toBe(201);
    const created = await t.call('POST', '/api/v1/channels', {
      body: { type: 'livechat', name: 'Demo Store chat', config: { allowedOrigins: [shopUrl] } },
    });
    expect(created.status).toBe(201);
    channel = created.body;
    expect(
      (await t.call('POST', '/api/v1/deployments', { body: { agentId, channelId: channel.id } })).status,
    ).toBe(201);
    shop.pages.set('/', embed());
    b = await launchChromium();
    page = await b.context.newPage();
    page.setDefaultTimeout(20_000);
  });
  afterAll(async () => {
    await b?.close();
    await t?.close();
    await shop?.close();
  });

  const launcher = () => page.locator('#frontdesk-widget .launcher');
  const header = () => page.locator('#frontdesk-widget #fd-who');
  const say = async (text: string) => {
    await page.getByLabel('Message', { exact: true }).fill(text);
    await page.getByLabel('Message', { exact: true }).press('Enter');
  };
  const agentSays = (text: string) => page.locator('#frontdesk-widget li.agent', { hasText: text });
  const inShadowFocus = () =>
    page.evaluate(() => {
      const g = globalThis as any; // the page's document, not in Node's types
      return g.document.getElementById('frontdesk-widget')?.shadowRoot?.activeElement?.id as
        | string
        | undefined;
    });

  it('opens from the one-line embed, answers, and is accessible', async () => {
    await page.goto(`${shopUrl}/`);
    await launcher().waitFor();
    expect(await launcher().getAttribute('aria-label')).toBe('Open chat');
    await launcher().click();
    const dialog = page.getByRole('dialog', { name: 'Demo Store chat' });
    await dialog.waitFor();
    expect(await inShadowFocus()).toBe('fd-input');
    expect(await header().textContent()).toBe('Powered by AI');
    await say('What are your opening hours?');
    await agentSays('We are open 9 to 5').waitFor();
    expect(await page.locator('#frontdesk-widget li.visitor').allTextContents()).toEqual([
      'What are your opening hours?',
    ]);
    // The host's CSS hides every button and li of the page; the widget's are untouched.
    expect(await launcher().isVisible()).toBe(true);
    expect(await page.locator('#frontdesk-widget [role="log"]').getAttribute('aria-live')).toBe('polite');
    await checkScreen(page, 'widget-01-answer');
    // Escape closes the panel and gives focus back to the launcher.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await inShadowFocus()).toBe('fd-launcher');
  });

  it('keeps the history across a reload', async () => {
    await page.reload();
    await launcher().click();
    await agentSays('We are open 9 to 5').waitFor();
    expect(await page.locator('#frontdesk-widget li.visitor').allTextContents()).toEqual([
      'What are your opening hours?',
    ]);
  });

  it('hands off to a person: their name in the header, their reply in the widget, an unread badge', async () => {
    const user = await t.call('POST', '/api/v1/users', {
      body: { email: 'maya@example.com', name: 'Maya Lopez', role: 'editor' },
    });
    expect(user.status).toBe(201);
    const patched = await t.call('PATCH', `/api/v1/agents/${agentId}`, {
      body: { handoff: { assignTo: `user:${user.body.id}` } },
    });
    expect(patched.status).toBe(200);
    await say('I want to talk to a person');
    await page.locator('#frontdesk-widget #fd-who', { hasText: 'Maya Lopez' }).waitFor();
    const conversationId = (
      await t.rt.ctx.db
        .selectFrom('conversations')
        .select('id')
        .where('channel_id', '=', channel.id)
        .where('owner_type', '=', 'user')
        .executeTakeFirstOrThrow()
    ).id;
    // Closed panel: the person's reply counts as unread on the launcher.
    await page.getByRole('button', { name: 'Close chat' }).first().click();
    const reply = await t.call('POST', `/api/v1/conversations/${conversationId}/human-replies`, {
      body: { text: 'Hi, this is Maya. How can I help?' },
    });
    expect(reply.status).toBe(204);
    await page.locator('#frontdesk-widget .launcher[aria-label="Open chat, 1 unread message"]').waitFor();
    expect(await page.locator('#frontdesk-widget .badge').textContent()).toBe('1');
    await launcher().click();
    const shown = page.locator('#frontdesk-widget li.person', { hasText: 'Hi, this is Maya.' });
    await shown.waitFor();
    // The reply carries its author (the API key's user), shown on the message.
    expect(await shown.locator('.author').textContent()).toBe('Admin');
    expect(await header().textContent()).toBe('Maya Lopez');
    expect(await page.locator('#frontdesk-widget .badge').isHidden()).toBe(true);
    await checkScreen(page, 'widget-02-person');
  });

  it('runs the demo refund end to end for a signed-in visitor, exactly once', async () => {
    const token = await signVisitorToken(channel.secrets.signingSecret, {
      sub: 'shop-user-42',
      email: 'vic@example.com',
      name: 'Vic',
    });
    shop.pages.set('/account', embed(token));
    const before = (await refunds()).length;
    await page.goto(`${shopUrl}/account`);
    await launcher().click();
    await say('I want a refund for order 1234');
    await agentSays('why would you like a refund?').waitFor();
    expect(await page.locator('#frontdesk-widget li').allTextContents()).toEqual([
      'I want a refund for order 1234',
      'Briefly, why would you like a refund?',
    ]);
    await say('the mug arrived broken');
    await agentSays("I'm about to refund an order").waitFor();
    await page.locator('#frontdesk-widget .choices button', { hasText: /^yes$/i }).click();
    await agentSays('Done: refund').waitFor();
    expect(await agentSays('Done: refund').textContent()).toMatch(/of 59\.9 USD for order 1234 is approved/);
    const after = await refunds();
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)).toMatchObject({ orderNumber: '1234', reason: 'the mug arrived broken' });
  });

  it('fills a phone screen', async () => {
    const phone = await b.context.newPage();
    try {
      await phone.setViewportSize({ width: 390, height: 844 });
      await phone.goto(`${shopUrl}/`);
      await phone.locator('#frontdesk-widget .launcher').click();
      const panel = phone.locator('#frontdesk-widget .panel');
      await panel.waitFor();
      expect(await panel.boundingBox()).toMatchObject({ x: 0, y: 0, width: 390, height: 844 });
      await phone.getByRole('button', { name: 'Close chat' }).first().click();
      await panel.waitFor({ state: 'hidden' });
    } finally {
      await phone.close();
    }
  });

  it('refuses a forged token with a clear message, and stores nothing', async () => {
    const forged = await signVisitorToken('not-the-channel-secret-not-the-channel', { sub: 'shop-user-42' });
    shop.pages.set('/forged', embed(forged));
    const before = await conversations();
    await page.goto(`${shopUrl}/forged`);
    await launcher().click();
    await page.getByRole('alert').getByText('We could not verify who you are').waitFor();
    await page.locator('#frontdesk-widget form button[type="submit"][disabled]').waitFor();
    expect(await conversations()).toBe(before);
    await checkScreen(page, 'widget-03-refused');
  });
  it('reconnects after the server restarts and sends what was typed meanwhile, once', async () => {
    const asked = async () =>
      (
        await t.rt.ctx.db
          .selectFrom('messages as m')
          .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
          .select('m.id')
          .where('c.channel_id', '=', channel.id)
          .where('m.role', '=', 'customer')
          .where('m.text', '=', 'What are your opening hours?')
          .execute()
      ).length;
    const before = await asked();
    // A new anonymous visitor (the first one's conversation is with Maya now): the session is
    // forgotten on a page without the widget, so no widget can store it again meanwhile.
    shop.pages.set('/blank', '');
    await page.goto(`${shopUrl}/blank`);
    await page.evaluate(() => (globalThis as any).localStorage.clear());
    await page.goto(`${shopUrl}/`);
    await launcher().click();
    await say('What are your opening hours?');
    await agentSays('We are open 9 to 5').waitFor();
    const restarted = t.restart();
    await say('What are your opening hours?');
    await restarted;
    await page
      .locator('#frontdesk-widget li.visitor:not(.pending)', { hasText: 'What are your opening hours?' })
      .nth(1)
      .waitFor();
    await expect
      .poll(() => agentSays('We are open 9 to 5').count(), { timeout: 30_000 })
      .toBe(2)
      .catch(async (err) => {
        const rows = await t.rt.ctx.db
          .selectFrom('messages')
          .select(['conversation_id', 'seq', 'role', 'text', 'processed_at', 'delivery'])
          .orderBy('created_at')
          .execute();
        throw new Error(
          `${err}\n${JSON.stringify(rows.slice(-6), null, 1)}\n${await page.locator('#frontdesk-widget li').allTextContents()}`,
        );
      });
    expect(await asked()).toBe(before + 2);
  }, 90_000);

  it("updates the header live when the account's agent switch changes", async () => {
    await page.goto(`${shopUrl}/`);
    await launcher().click();
    await header().getByText('Powered by AI', { exact: true }).waitFor();
    try {
      expect((await t.call('PATCH', '/api/v1/agent-switch', { body: { on: false } })).status).toBe(200);
      await header().getByText('We will reply soon', { exact: true }).waitFor();
      await checkScreen(page, 'widget-04-switch-off');
    } finally {
      expect((await t.call('PATCH', '/api/v1/agent-switch', { body: { on: true } })).status).toBe(200);
    }
    await header().getByText('Powered by AI', { exact: true }).waitFor();
  });

  it('marks a message the server refuses (too many) as not sent, says so, and keeps its text', async () => {
    // A new visitor while the agent is off (no turns to run): a burst of messages.
    shop.pages.set('/blank', '');
    await page.goto(`${shopUrl}/blank`);
    await page.evaluate(() => (globalThis as any).localStorage.clear());
    expect((await t.call('PATCH', '/api/v1/agent-switch', { body: { on: false } })).status).toBe(200);
    try {
      await page.goto(`${shopUrl}/`);
      await launcher().click();
      await header().getByText('We will reply soon', { exact: true }).waitFor();
      // One more than the limit, sent as fast as the widget's form takes them.
      await page.evaluate((n) => {
        const root = (globalThis as any).document.getElementById('frontdesk-widget').shadowRoot;
        const input = root.getElementById('fd-input');
        for (let i = 0; i < n; i++) {
          input.value = `burst ${i}`;
          root.querySelector('form').requestSubmit();
        }
      }, RATE_LIMIT + 1);
      const failed = page.locator('#frontdesk-widget li.visitor.failed');
      await failed.waitFor();
      expect(await failed.textContent()).toBe(`burst ${RATE_LIMIT}Not sent`);
      // Scrolled into view at the end of the log.
      const [box, log] = [
        await failed.boundingBox(),
        await page.locator('#frontdesk-widget .log').boundingBox(),
      ];
      expect(box!.y + box!.height).toBeLessThanOrEqual(log!.y + log!.height + 1);
      await page.getByRole('alert').getByText('you are sending messages too fast').waitFor();
      // Its text is back in the box, ready to send again; the others were all stored.
      expect(await page.getByLabel('Message', { exact: true }).inputValue()).toBe(`burst ${RATE_LIMIT}`);
      await expect
        .poll(() => page.locator('#frontdesk-widget li.visitor:not(.pending):not(.failed)').count())
        .toBe(RATE_LIMIT);
      const stored = await t.rt.ctx.db
        .selectFrom('messages as m')
        .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
        .select('m.text')
        .where('c.channel_id', '=', channel.id)
        .where('m.text', 'like', 'burst %')
        .execute();
      expect(stored.map((m) => m.text).sort()).toEqual(
        Array.from({ length: RATE_LIMIT }, (_, i) => `burst ${i}`).sort(),
      );
      await checkScreen(page, 'widget-05-not-sent');
    } finally {
      await t.call('PATCH', '/api/v1/agent-switch', { body: { on: true } });
    }
  });
});
