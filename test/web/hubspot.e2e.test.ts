import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { chromiumPath, launchChromium, type TestBrowser } from '../support/browser.ts';
import { standInEnv } from '../support/hubspot/connect.ts';
import { type HubSpotStandIn, startHubSpotStandIn } from '../support/hubspot/server.ts';
import { waitFor } from '../support/processes.ts';
import { checkScreen, signIn } from '../support/web-helpers.ts';

const WEB = join(import.meta.dirname, '../../web');
const PASSWORD = 'admin password 1';

function webBuildIsStale(): boolean {
  const built = join(WEB, 'dist/index.html');
  if (!existsSync(built)) return true;
  const at = statSync(built).mtimeMs;
  const sources = readdirSync(join(WEB, 'src'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
  return [join(WEB, 'index.html'), ...sources].some((f) => statSync(f).mtimeMs > at);
}

if (!chromiumPath) {
  console.warn('[web] No Chromium found (/usr/bin/chromium): the HubSpot browser test is skipped.');
}

/**
 * The HubSpot connector in the admin web app, end to end in headless Chromium: sign in,
 * connect through the stand-in's consent page, install the pack, browse the schema, author
 * bindings, turn on interaction logging — then a chat that closes lands as a Note on the
 * contact's timeline in the stand-in. axe-core checks every screen; screenshots go to
 * .artifacts/screenshots (gitignored).
 */
describe.skipIf(!chromiumPath)('HubSpot in the admin web app (Chromium)', () => {
  let hs: HubSpotStandIn;
  let t: TestApp;
  let b: TestBrowser;
  let page: Page;
  let grace: string;

  beforeAll(async () => {
    if (webBuildIsStale()) await build({ configFile: join(WEB, 'vite.config.ts'), logLevel: 'warn' });
    hs = await startHubSpotStandIn();
    t = await startTestApp('pglite', {
      env: {
        ...standInEnv(hs),
        // HubSpot's consent page is on another site than Frontdesk (localhost vs 127.0.0.1 are
        // different sites), so its redirect back arrives without the SameSite=Strict cookie.
        FRONTDESK_HUBSPOT_AUTHORIZE_URL: `${hs.url.replace('127.0.0.1', 'localhost')}/oauth/authorize`,
        FRONTDESK_ADMIN_PASSWORD: PASSWORD,
      },
    });
    grace = hs.portal.create(hs.portal.type('contacts'), {
      firstname: 'Grace',
      lastname: 'Hopper',
      phone: '+14155550101',
    }).id;
    b = await launchChromium();
    page = await b.context.newPage();
    page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await b?.close();
    await t?.close();
    await hs?.close();
  });

  it('connects through the consent page and shows the granted scopes', async () => {
    await signIn(page, t.url, 'admin@localhost', PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'HubSpot' }).click();
    await page.getByText('not connected', { exact: true }).waitFor();
    await checkScreen(page, 'hubspot-01-not-connected');
    await page.getByRole('button', { name: 'Connect HubSpot' }).click();
    // The stand-in's consent page: a real form that redirects back with code and state.
    await page.getByRole('heading', { name: /Frontdesk wants to access your HubSpot account/ }).waitFor();
    await page.getByRole('button', { name: 'Approve' }).click();
    // Back on Frontdesk without the session cookie: one click on a page of our own brings it.
    await page.getByRole('heading', { name: 'Finish connecting HubSpot' }).waitFor();
    await checkScreen(page, 'hubspot-01b-finish-connecting');
    await page.getByRole('button', { name: 'Finish connecting' }).click();
    await page.getByText('HubSpot is connected.').waitFor();
    expect(page.url()).toContain('#/hubspot?connected=1');
    const scopes = page.getByRole('list', { name: 'Granted scopes' });
    await expect
      .poll(async () => scopes.getByRole('listitem').allTextContents())
      .toContain('crm.objects.contacts.write');
    await checkScreen(page, 'hubspot-02-connected');
    // The API key cannot do what the browser just did; the connection is the browser's.
    expect((await t.call('GET', '/api/v1/integrations/hubspot/connection')).body).toMatchObject({
      status: 'connected',
      hubId: '62515',
    });
  });

  it('installs the Connector Pack for an agent from the web app', async () => {
    // A new agent (connecting installed the pack for the agents that existed then).
    expect((await t.call('POST', '/api/v1/agents', { body: { name: 'Sales desk' } })).status).toBe(201);
    await page.reload();
    await page.getByLabel('Agent').selectOption({ label: 'Sales desk' });
    await page.getByRole('link', { name: 'Connector Pack' }).click();
    const row = page.locator('tr[data-skill="update_contact"]');
    await row.getByText('not installed').waitFor();
    await checkScreen(page, 'hubspot-03-pack-not-installed');
    await page.getByRole('button', { name: 'Install the pack for Sales desk' }).click();
    await page.getByText('Installed 7 skills for Sales desk.').waitFor();
    await row.getByText('installed', { exact: true }).waitFor();
    await checkScreen(page, 'hubspot-04-pack-installed');
    await page.getByRole('button', { name: 'Install again (skips existing skills)' }).click();
    await page.getByText('already has every skill of the pack').waitFor();
  });

  it('discovers, browses and searches the schema', async () => {
    await page.getByRole('link', { name: 'Schema' }).click();
    await page.getByText('No schema discovered yet.').waitFor();
    await checkScreen(page, 'hubspot-05-schema-empty');
    await page.getByRole('button', { name: 'Discover schema' }).click();
    await page.getByText(/Discovered \d+ objects/).waitFor();
    await page.getByRole('button', { name: 'Ticket', exact: true }).click();
    await page.getByRole('heading', { name: 'Ticket properties' }).waitFor();
    await page.getByLabel('Object or property').fill('phone');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page
      .getByRole('table', { name: 'Schema search results' })
      .getByRole('cell', { name: 'phone', exact: true })
      .first()
      .waitFor();
    await checkScreen(page, 'hubspot-06-schema');
  });

  it('authors bindings: describe it and the builder show the checked binding before saving', async () => {
    await page.getByRole('link', { name: 'Bindings' }).click();
    await page.getByText('No bindings yet.').waitFor();
    await checkScreen(page, 'hubspot-07-bindings-empty');
    await page
      .getByLabel('What should the agent be able to do?')
      .fill('Find or create a contact by email and job title');
    await page.getByRole('button', { name: 'Map it' }).click();
    const checked = page.getByRole('region', { name: 'Checked binding' });
    await checked.getByText('mapped by the matcher').waitFor();
    expect(await checked.locator('pre').textContent()).toContain('"operation": "findOrCreate"');
    await checkScreen(page, 'hubspot-08-binding-checked');
    await page.getByRole('button', { name: 'Save binding' }).click();
    await page.getByText(/^Saved “.+”\. The agent can use it now\.$/).waitFor();

    // A goal the schema cannot serve is a clear refusal, not a guess.
    await page.getByLabel('What should the agent be able to do?').fill('Order a large pizza');
    await page.getByRole('button', { name: 'Map it' }).click();
    await page
      .getByRole('alert')
      .getByText(/Could not map/)
      .waitFor();

    await page.getByLabel('Name', { exact: true }).fill('Latest ticket by subject');
    await page.getByLabel('Object', { exact: true }).selectOption({ label: 'Ticket' });
    await page.getByLabel('Filter the fields').fill('subject');
    await page.getByLabel(/\(subject\)$/).check();
    await page.getByLabel('Newest first, one result').check();
    await page.getByRole('button', { name: 'Check binding' }).click();
    await checked.locator('p strong', { hasText: 'Latest ticket by subject' }).waitFor();
    expect(await checked.locator('pre').textContent()).toContain('"property": "subject"');
    await page.getByRole('button', { name: 'Save binding' }).click();
    await page.getByText('Saved “Latest ticket by subject”. The agent can use it now.').waitFor();
    await page
      .getByRole('region', { name: 'Bindings of this agent' })
      .getByText('latest_ticket_by_subject')
      .waitFor();
    await checkScreen(page, 'hubspot-09-bindings');
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Remove Latest ticket by subject' }).click();
    await page.getByText('Removed “Latest ticket by subject”.').waitFor();
    expect(await page.getByRole('region', { name: 'Bindings of this agent' }).textContent()).not.toContain(
      'latest_ticket_by_subject',
    );
    // Responsive: on a phone-sized screen nothing needs sideways scrolling.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('link', { name: 'Schema' }).click();
    await page.getByRole('table', { name: 'Discovered HubSpot objects' }).waitFor();
    expect(
      await page.evaluate(() => {
        const g = globalThis as any;
        return g.document.documentElement.scrollWidth <= g.innerWidth;
      }),
    ).toBe(true);
    await checkScreen(page, 'hubspot-09b-schema-narrow');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('turns on interaction logging; a chat that closes lands as a Note on the contact', async () => {
    await page.getByRole('link', { name: 'Interaction logging' }).click();
    await page.getByLabel('What to log').waitFor();
    await checkScreen(page, 'hubspot-10-logging-off');
    await page.getByLabel('What to log').selectOption('summary');
    await page.getByRole('button', { name: 'Save logging settings' }).click();
    await page.getByText('Saved. Conversations that finish from now on are logged.').waitFor();
    expect(await page.getByTestId('skipped-count').textContent()).toBe('0');
    await checkScreen(page, 'hubspot-11-logging-on');

    const agentId = (await t.call('GET', '/api/v1/agents')).body.agents[0].id;
    const conv = await t.call('POST', `/api/v1/agents/${agentId}/conversations`, {
      body: { channel: 'web_chat', contact: { phone: '+14155550101', name: 'Grace' } },
    });
    expect(conv.status).toBe(201);
    const said = await t.call('POST', `/api/v1/conversations/${conv.body.id}/messages`, {
      body: { text: 'Hello, I just wanted to say thanks for the quick fix.' },
    });
    expect(said.status).toBe(200);
    expect((await t.call('POST', `/api/v1/conversations/${conv.body.id}/close`)).status).toBe(200);

    const notes = () => [...hs.portal.records.get(hs.portal.type('notes').objectTypeId)!.values()];
    const ours = () => notes().find((n) => n.properties['hs_note_body']?.includes(conv.body.id));
    await waitFor(() => ours() !== undefined, 'the write-back Note', 60_000);
    expect(hs.portal.edges).toContainEqual(
      expect.objectContaining({
        from: 'notes',
        fromId: ours()!.id,
        to: 'contacts',
        toId: grace,
        typeId: 202,
      }),
    );
  });

  it('disconnects from the web app, by keyboard, after a confirmation', async () => {
    await page.getByRole('navigation', { name: 'HubSpot' }).getByRole('link', { name: 'Connection' }).focus();
    await page.keyboard.press('Enter');
    const disconnect = page.getByRole('button', { name: 'Disconnect' });
    await disconnect.waitFor();
    page.once('dialog', (d) => void d.accept());
    await disconnect.focus();
    await page.keyboard.press('Enter');
    await page.getByText('HubSpot is disconnected.').waitFor();
    await page.getByRole('button', { name: 'Connect HubSpot' }).waitFor();
    await checkScreen(page, 'hubspot-12-disconnected');
    expect((await t.call('GET', '/api/v1/integrations/hubspot/connection')).body.status).toBe(
      'not_connected',
    );
  });
});
