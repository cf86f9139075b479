import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { chromiumPath, launchChromium, type TestBrowser } from '../support/browser.ts';
import { waitFor } from '../support/processes.ts';
import { embed, type Shop, startShop } from '../support/shop.ts';
import { checkScreen, ensureWebBuild, ensureWidgetBuild, signIn } from '../support/web-helpers.ts';

const PASSWORD = 'sam password 12';

if (!chromiumPath) {
  console.warn(
    '[web] No Chromium found (/usr/bin/chromium): the widget-to-inbox browser test is skipped. apt-get install chromium',
  );
}

/**
 * The live chat widget meets the inbox (E1 + E8, issue 12), two browsers on the real server:
 * a visitor on a shop's page (the one-line embed) chats with the demo agent and asks for a
 * person; the conversation appears in the signed-in admin's inbox without a reload; the
 * admin's reply reaches the widget with their name (on the message and in the header); the
 * agent stays silent while the person has it; after the hand-back the agent answers again
 * and the header says "Powered by AI". axe-core checks every screen on the way.
 */
describe.skipIf(!chromiumPath)('widget and inbox in Chromium', { timeout: 90_000 }, () => {
  let t: TestApp;
  let shop: Shop;
  let visitorBrowser: TestBrowser;
  let adminBrowser: TestBrowser;
  let visitor: Page;
  let admin: Page;
  let channelId: string;

  beforeAll(async () => {
    await ensureWebBuild();
    await ensureWidgetBuild();
    shop = await startShop();
    t = await startTestApp('pglite', { env: { FRONTDESK_DEMO: 'on', FRONTDESK_DEMO_MAILBOX: 'off' } });
    const agentId = (await t.call('GET', '/api/v1/agents')).body.agents.find(
      (a: { name: string }) => a.name === 'Demo Store Assistant',
    ).id;
    const faq = await t.call('POST', `/api/v1/agents/${agentId}/knowledge/faqs`, {
      body: { question: 'What are your opening hours?', answer: 'We are open 9 to 5, Monday to Friday.' },
    });
    expect(faq.status).toBe(201);
    const channel = await t.call('POST', '/api/v1/channels', {
      body: { type: 'livechat', name: 'Demo Store chat', config: { allowedOrigins: [shop.url] } },
    });
    expect(channel.status).toBe(201);
    channelId = channel.body.id;
    const deployed = await t.call('POST', '/api/v1/deployments', { body: { agentId, channelId } });
    expect(deployed.status).toBe(201);
    shop.pages.set('/', embed(t.url, channel.body.publicId));
    // The admin who answers: a person with a name and a web sign-in.
    const sam = await t.call('POST', '/api/v1/users', {
      body: { email: 'sam@example.com', name: 'Sam Rivera', role: 'admin' },
    });
    expect(sam.status).toBe(201);
    const password = await t.call('PUT', `/api/v1/users/${sam.body.id}/password`, {
      body: { password: PASSWORD },
    });
    expect(password.status).toBe(204);
    // Two browsers, two people: nothing (cookies, storage) is shared between them.
    visitorBrowser = await launchChromium();
    adminBrowser = await launchChromium();
    visitor = await visitorBrowser.context.newPage();
    admin = await adminBrowser.context.newPage();
    visitor.setDefaultTimeout(20_000);
    admin.setDefaultTimeout(20_000);
  });
  afterAll(async () => {
    await visitorBrowser?.close();
    await adminBrowser?.close();
    await t?.close();
    await shop?.close();
  });

  const header = () => visitor.locator('#frontdesk-widget #fd-who');
  const say = async (text: string) => {
    await visitor.getByLabel('Message', { exact: true }).fill(text);
    await visitor.getByLabel('Message', { exact: true }).press('Enter');
  };
  const agentSays = (text: string) => visitor.locator('#frontdesk-widget li.agent', { hasText: text });
  /** The visitor's stored message with this text (the latest), once the widget has its ack. */
  const stored = async (text: string) => {
    await visitor.locator('#frontdesk-widget li.visitor:not(.pending)', { hasText: text }).last().waitFor();
    return t.rt.ctx.db
      .selectFrom('messages as m')
      .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
      .select(['m.id', 'm.conversation_id', 'm.seq'])
      .where('c.channel_id', '=', channelId)
      .where('m.role', '=', 'customer')
      .where('m.text', '=', text)
      .orderBy('m.seq', 'desc')
      .executeTakeFirstOrThrow();
  };

  it('hands a visitor to a person and back, live on both screens', async () => {
    // The admin waits in the inbox; a marker on the page proves nothing reloads it.
    await signIn(admin, t.url, 'sam@example.com', PASSWORD);
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
    await admin.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
    await admin.getByText('Nobody is waiting for a person.').waitFor();
    await admin.getByTestId('live').getByText('Live').waitFor();
    await admin.evaluate(() => {
      (globalThis as any).inboxMarker = 'still here';
    });
    await checkScreen(admin, 'widget-inbox-01-admin-empty');

    // The visitor chats with the agent.
    await visitor.goto(`${shop.url}/`);
    await visitor.locator('#frontdesk-widget .launcher').click();
    await visitor.getByRole('dialog', { name: 'Demo Store chat' }).waitFor();
    expect(await header().textContent()).toBe('Powered by AI');
    await say('What are your opening hours?');
    await agentSays('We are open 9 to 5').waitFor();
    await checkScreen(visitor, 'widget-inbox-02-visitor-agent');

    // …asks for a person: the conversation arrives in the admin's inbox, live.
    await say('I want to talk to a person');
    await header().getByText('We will reply soon').waitFor();
    const row = admin.getByTestId('inbox-list').getByRole('link').first();
    await row.waitFor();
    expect(await admin.evaluate(() => (globalThis as any).inboxMarker)).toBe('still here');
    await checkScreen(admin, 'widget-inbox-03-admin-arrived');

    // The admin opens it and replies.
    await row.click();
    await admin.getByTestId('handoff-summary').getByText('I want to talk to a person').waitFor();
    await admin
      .getByRole('textbox', { name: 'Reply to the customer' })
      .fill('Hello, this is Sam. How can I help?');
    await admin.getByRole('button', { name: 'Send reply' }).click();
    await admin.getByTestId('transcript').getByText('Hello, this is Sam. How can I help?').waitFor();
    await admin.getByTestId('owner').getByText('Sam Rivera').waitFor();
    await checkScreen(admin, 'widget-inbox-04-admin-replied');

    // The widget shows the reply with Sam's name, on the message and in the header.
    const reply = visitor.locator('#frontdesk-widget li.person', { hasText: 'Hello, this is Sam.' });
    await reply.waitFor();
    expect(await reply.locator('.author').textContent()).toBe('Sam Rivera');
    await header().getByText('Sam Rivera', { exact: true }).waitFor();
    await checkScreen(visitor, 'widget-inbox-05-visitor-person');

    // The agent stays silent while Sam has the conversation: the visitor's next message is
    // processed (and reaches Sam's open transcript live) with no reply from the agent.
    await say('What are your opening hours?');
    const asked = await stored('What are your opening hours?');
    await waitFor(
      async () =>
        !!(
          await t.rt.ctx.db
            .selectFrom('messages')
            .select('processed_at')
            .where('id', '=', asked.id)
            .executeTakeFirstOrThrow()
        ).processed_at,
      'the message processed',
    );
    await admin.getByTestId('transcript').getByText('What are your opening hours?').last().waitFor();
    const after = await t.rt.ctx.db
      .selectFrom('messages')
      .select(['role', 'text'])
      .where('conversation_id', '=', asked.conversation_id)
      .where('seq', '>', asked.seq)
      .execute();
    expect(after).toEqual([]);
    expect(await agentSays('We are open 9 to 5').count()).toBe(1);
    expect(await visitor.locator('#frontdesk-widget .typing').isHidden()).toBe(true);

    // Sam hands back: the header says "Powered by AI" again and the agent answers.
    await admin.getByRole('button', { name: 'Hand back to the agent' }).click();
    await admin.getByTestId('owner').getByText('The agent').waitFor();
    await header().getByText('Powered by AI', { exact: true }).waitFor();
    await say('What are your opening hours?');
    await expect.poll(() => agentSays('We are open 9 to 5').count(), { timeout: 30_000 }).toBe(2);
    await checkScreen(visitor, 'widget-inbox-06-visitor-handed-back');
    await checkScreen(admin, 'widget-inbox-07-admin-handed-back');
  });
});
