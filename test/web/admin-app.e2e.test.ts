import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { chromiumPath, launchChromium, type TestBrowser } from '../support/browser.ts';
import { minimalPdf } from '../support/minimal-pdf.ts';
import {
  checkScreen,
  ensureWebBuild,
  type LoopbackApi,
  signIn,
  startLoopbackApi,
  textOf,
} from '../support/web-helpers.ts';

const PASSWORD = 'admin password 1';
const API_KEY = 'sk_test_reset_123';

if (!chromiumPath) {
  console.warn(
    '[web] No Chromium found (/usr/bin/chromium): the browser tests are skipped. apt-get install chromium',
  );
}

/**
 * The admin web app end to end, in headless Chromium through the real server (PGlite: the
 * browser sees the API, not the storage, which the API suites cover on both backends).
 */
describe.skipIf(!chromiumPath)('admin web app in Chromium', () => {
  let t: TestApp;
  let api: LoopbackApi;
  let b: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    // Test the web app as its sources are now (npm ci builds it, so CI does not rebuild).
    await ensureWebBuild();
    api = await startLoopbackApi(API_KEY);
    t = await startTestApp('pglite', {
      env: { FRONTDESK_ADMIN_PASSWORD: PASSWORD, FRONTDESK_DEV_HOSTS: api.host },
    });
    b = await launchChromium();
    page = await b.context.newPage();
    page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await b?.close();
    await t?.close();
    await api?.close();
  });

  it('refuses a wrong password, then signs the admin in', async () => {
    await page.goto(`${t.url}/`);
    await checkScreen(page, '01-sign-in');
    await page.getByLabel('Email').fill('admin@localhost');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('The email or password is not right.').waitFor();
    await signIn(page, t.url, 'admin@localhost', PASSWORD);
    await page.getByText('No actions yet.').waitFor();
    await checkScreen(page, '02-actions-empty');
  });

  it('creates an API-key connection, with field errors shown at the field', async () => {
    await page.getByRole('link', { name: 'Connections' }).click();
    await page.getByRole('button', { name: 'New connection' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Identity API');
    await page.getByLabel('Key', { exact: true }).fill('identity_api');
    await page.getByLabel('API key', { exact: true }).fill(API_KEY);
    await page.getByLabel('Allowed hosts').fill('https://bad/');
    await page.getByRole('button', { name: 'Save connection' }).click();
    const hostError = page.locator('.field.invalid small.error[data-path="allowedHosts"]');
    await hostError.waitFor();
    expect(await hostError.textContent()).toMatch(/host name/);
    await checkScreen(page, '03-connection-error');
    await page.getByLabel('Allowed hosts').fill('');
    await page.getByRole('button', { name: 'Save connection' }).click();
    await page.getByRole('cell', { name: 'identity_api' }).waitFor();
    expect(await page.getByRole('row', { name: /Identity API/ }).textContent()).toContain('apiKey set');
    expect(await page.content()).not.toContain(API_KEY);
    await checkScreen(page, '04-connections');
  });

  it('builds the seed-000 action, makes a test call and maps an output by clicking it', async () => {
    await page.getByRole('link', { name: 'Actions' }).click();
    await page.getByRole('link', { name: 'Create action' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Reset my password');
    expect(await page.getByLabel('Key', { exact: true }).inputValue()).toBe('reset_my_password');
    await page.getByLabel('Description').fill('Sends a password reset link to the customer.');
    await page.getByLabel('Kind').selectOption('write');
    await page.getByLabel('Trigger 1').fill('reset my password');
    await page.getByRole('button', { name: 'Add trigger' }).click();
    await page.getByLabel('Trigger 2').fill('I forgot my password');
    await page.getByRole('button', { name: 'Add input' }).click();
    await page.getByLabel('Input name').fill('email');
    await page.getByLabel('Format').selectOption('email');
    await page.getByLabel('Instructions', { exact: true }).fill('Valid email format (e.g. jane@example.com)');
    await page.getByLabel('Method').selectOption('POST');
    await page.getByLabel('Connection (authentication)').selectOption('identity_api');
    await page.getByLabel('Endpoint URL').fill(`${api.url}/password-resets`);
    const body = page.getByLabel('JSON body');
    await body.fill('{"email": ');
    await body.press('End');
    await page.getByRole('button', { name: '{{email}}' }).click();
    await body.press('End');
    await body.pressSequentially('}');
    expect(await body.inputValue()).toBe('{"email": "{{email}}"}');
    await page.getByLabel('Sample email').fill('jane@example.com');
    await page.getByRole('button', { name: 'Make test call' }).click();
    await page.getByTestId('test-status').waitFor();
    expect(await textOf(page, 'test-status')).toBe('200');
    const sent = await textOf(page, 'test-request');
    expect(sent).toContain(`POST ${api.url}/password-resets`);
    expect(sent).toContain('********');
    expect(sent).not.toContain(API_KEY);
    expect(api.received.at(-1)?.headers['x-api-key']).toBe(API_KEY);
    expect(JSON.parse(api.received.at(-1)!.body)).toEqual({ email: 'jane@example.com' });

    await page.getByRole('button', { name: /"T-100"/ }).click();
    const outputName = page.getByTestId('outputs').getByLabel('Output name');
    expect(await outputName.inputValue()).toBe('id');
    expect(await page.getByTestId('outputs').getByLabel('JSONPath').inputValue()).toBe('$.ticket.id');
    await outputName.fill('ticket_id');
    await page
      .getByLabel('Response template')
      .fill('Done! We sent a reset link to {{email}} (ticket {{ticket_id}}).');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('status').getByText('Saved as a draft.').waitFor();
    await checkScreen(page, '05-action-editor');
  });

  it('previews the draft action: trigger click, inputs, request and outputs in the trace', async () => {
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await page.getByRole('heading', { name: 'Preview', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'reset my password' }).click();
    await page.getByText('State: awaiting_input').waitFor();
    await page.getByLabel('Message').fill('jane@example.com');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('State: awaiting_confirmation').waitFor();
    await page.getByLabel('Message').fill('yes');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByTestId('chat').getByText('ticket T-100').waitFor();
    const trace = await page.getByTestId('trace').first().textContent();
    expect(trace).toContain('/password-resets');
    expect(trace).toContain('"ticket_id": "T-100"');
    await checkScreen(page, '06-preview-action');
  });

  it('publishes, locks edit and delete while published, and unpublishes', async () => {
    await page.getByRole('link', { name: 'Actions' }).click();
    await page.getByRole('link', { name: 'Reset my password' }).click();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Published as version 1').waitFor();
    expect(await page.getByLabel('Name', { exact: true }).isDisabled()).toBe(true);
    await page.getByRole('link', { name: 'Actions' }).click();
    const row = page.locator('tr[data-action="reset_my_password"]');
    await row.getByText('published').waitFor();
    await row.hover();
    expect(await row.getByRole('button', { name: /^Edit/ }).isDisabled()).toBe(true);
    expect(await row.getByRole('button', { name: /^Delete/ }).isDisabled()).toBe(true);
    await checkScreen(page, '07-actions-published');
    await row.getByRole('button', { name: /^Unpublish/ }).click();
    await row.getByText('unpublished').waitFor();
    expect(await row.getByRole('button', { name: /^Edit/ }).isEnabled()).toBe(true);
  });

  it("builds a two-step flow whose second step takes the first step's output", async () => {
    const created = await t.call('POST', `/api/v1/agents/${t.rt.bootstrap.defaultAgentId}/actions`, {
      body: {
        key: 'ticket_status',
        name: 'Ticket status',
        description: 'Looks a ticket up.',
        kind: 'read',
        inputs: [{ name: 'ticket_id', type: 'string' }],
        request: { method: 'GET', url: `${api.url}/tickets/{{ticket_id}}` },
        outputs: [{ name: 'state', path: '$.state' }],
      },
    });
    expect(created.status).toBe(201);
    await page.getByRole('link', { name: 'Flows' }).click();
    await page.getByText('No flows yet.').waitFor();
    await checkScreen(page, '08-flows-empty');
    await page.getByRole('link', { name: 'Create flow' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Reset and check');
    await page.getByLabel('Description').fill('Resets the password, then checks the ticket.');
    await page.getByLabel('Trigger 1').fill('reset and check my ticket');
    await page.getByRole('button', { name: 'Add input' }).click();
    await page.getByLabel('Input name').fill('email');
    await page.getByRole('button', { name: 'Add step' }).click();
    await page.getByLabel('Step 1 action').selectOption('reset_my_password');
    await page.getByLabel('Step 1 input email').selectOption('{{email}}');
    await page.getByRole('button', { name: 'Add step' }).click();
    await page.getByLabel('Step 2 action').selectOption('ticket_status');
    await page.getByLabel('Step 2 input ticket_id').selectOption('{{steps.0.ticket_id}}');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('status').getByText('Saved as a draft.').waitFor();
    await page.getByLabel('Sample email').fill('jane@example.com');
    await page.getByRole('button', { name: 'Make test call' }).click();
    await page.getByTestId('test-outputs').getByText('"state": "open"').waitFor();
    await checkScreen(page, '09-flow-editor');
    expect(api.received.some((r) => r.path === '/tickets/T-100')).toBe(true);
  });

  it('uploads a PDF, shows it indexed, finds it in search and cites it in preview', async () => {
    await page.getByRole('link', { name: 'Knowledge' }).click();
    await page.getByText('No knowledge yet.').waitFor();
    const pdf = minimalPdf(
      [['Warranty', 'Every appliance has a two year warranty against manufacturing defects.']],
      'Store handbook',
    );
    await page.getByLabel(/Choose a file/).setInputFiles({
      name: 'handbook.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(pdf),
    });
    await page
      .getByTestId('upload-state')
      .getByText(/Indexed|Could not/)
      .waitFor();
    expect(await textOf(page, 'upload-state'), await page.locator('main').innerText()).toMatch(/Indexed/);
    await page.getByLabel('Question', { exact: true }).first().fill('How long is the warranty?');
    await page.getByRole('button', { name: 'Search' }).click();
    const found = page.getByTestId('knowledge-answer');
    await found.getByText('two year warranty').waitFor();
    const cite = (await found.locator('cite').textContent()) ?? '';
    expect(cite).toContain('Store handbook');
    await checkScreen(page, '10-knowledge');
    await page.getByRole('link', { name: 'Preview' }).click();
    await page.getByLabel('Message').fill('How long is the warranty?');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByTestId('chat').getByText(cite).waitFor();
  });

  it('shows the test call in the integration log, with details', async () => {
    await page.getByRole('link', { name: 'Integration log' }).click();
    const table = page.getByTestId('log');
    await table.waitFor();
    await page.getByLabel('Action').selectOption('reset_my_password');
    await page.getByLabel('Status').selectOption('ok');
    const testRow = table
      .getByRole('row')
      .filter({ hasText: 'test' })
      .filter({ hasText: 'reset_my_password' });
    await testRow.first().waitFor();
    await testRow.first().getByRole('button').click();
    await table.getByText('"email": "jane@example.com"').first().waitFor();
    await checkScreen(page, '11-integration-log');
  });

  it('edits the agent and manages users and keys in settings', async () => {
    await page.getByRole('link', { name: 'Agent' }).click();
    await page.getByRole('textbox', { name: 'Tone' }).fill('warm and brief');
    await page.getByRole('button', { name: 'Save agent' }).click();
    await page.getByText('Saved. New conversations use these settings.').waitFor();
    await checkScreen(page, '12-agent');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Email').fill('vera@example.com');
    await page.getByLabel('Name', { exact: true }).fill('Vera Viewer');
    await page.getByLabel('Role', { exact: true }).selectOption('viewer');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('cell', { name: 'vera@example.com', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Set password for vera@example.com' }).click();
    await page.getByLabel('New password for vera@example.com').fill('viewer password 1');
    await page.getByRole('button', { name: 'Save password' }).click();
    await page.getByText('Password set;').waitFor();
    await page.getByLabel('Key name').fill('CI deploys');
    await page.getByRole('button', { name: 'Create key' }).click();
    expect(await textOf(page, 'new-key')).toMatch(/^fdk_/);
    await checkScreen(page, '13-settings');
  });

  it('signs out; a viewer sees everything but cannot edit', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Frontdesk' }).waitFor();
    // Keyboard only: type, Tab, type, Enter.
    await page.goto(`${t.url}/#/actions`);
    await page.getByLabel('Email').focus();
    await page.keyboard.type('vera@example.com');
    await page.keyboard.press('Tab');
    await page.keyboard.type('viewer password 1');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Actions', level: 1 }).waitFor();
    // The first Tab reaches the skip link, which moves focus to the main content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.textContent)).toBe(
      'Skip to content',
    );
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.id)).toBe('main');
    await page.getByRole('link', { name: 'Reset my password' }).waitFor();
    expect(await page.getByRole('link', { name: 'Create action' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Edit/ }).count()).toBe(0);
    await page.getByRole('link', { name: 'Reset my password' }).click();
    await page.getByLabel('Name', { exact: true }).waitFor();
    expect(await page.getByLabel('Name', { exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save draft' }).count()).toBe(0);
    await checkScreen(page, '14-viewer-action');
    // The API refuses the viewer's write even if the page were tampered with.
    const status = await page.evaluate(async (agentId) => {
      const r = await fetch(`/api/v1/agents/${agentId}`, { method: 'PATCH', body: '{"tone":"x"}' });
      return r.status;
    }, t.rt.bootstrap.defaultAgentId);
    expect(status).toBe(403);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByText('Only admins manage users and API keys.').waitFor();
  });

  it('lets a user change their own password', async () => {
    await page.getByRole('link', { name: /vera@example.com/ }).click();
    await page.getByLabel('Current password').fill('wrong one');
    await page.getByLabel('New password').fill('viewer password 2');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.locator('small.error[data-path="currentPassword"]').waitFor();
    await checkScreen(page, '15-account-error');
    await page.getByLabel('Current password').fill('viewer password 1');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed.').waitFor();
    // The fresh session still works after the change.
    await page.getByRole('link', { name: 'Agent' }).click();
    await page.getByRole('heading', { name: 'Agent', level: 1 }).waitFor();
  });

  it('fits a phone screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('link', { name: 'Actions' }).click();
    await page.getByRole('link', { name: 'Reset my password' }).waitFor();
    const overflow = await page.evaluate(() => {
      const d = (globalThis as any).document.documentElement;
      return d.scrollWidth - d.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await checkScreen(page, '16-phone-actions');
  });
});
