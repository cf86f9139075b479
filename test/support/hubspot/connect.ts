import { completeConnect } from '../../../src/integrations/hubspot/connection.ts';
import type { TestApp } from '../app.ts';
import type { HubSpotStandIn } from './server.ts';

/** Server settings that point Frontdesk's HubSpot app at the stand-in. */
export const standInEnv = (hs: HubSpotStandIn): Record<string, string> => ({
  FRONTDESK_DEV_HOSTS: hs.host,
  FRONTDESK_HUBSPOT_BASE_URL: hs.url,
  FRONTDESK_HUBSPOT_AUTHORIZE_URL: `${hs.url}/oauth/authorize`,
  FRONTDESK_HUBSPOT_CLIENT_ID: hs.app.clientId,
  FRONTDESK_HUBSPOT_CLIENT_SECRET: hs.app.clientSecret,
});

/** What a browser does with the oauthUrl: open the consent page, press Approve, follow the redirect. */
export async function approveConsent(oauthUrl: string): Promise<URL> {
  const page = await (await fetch(oauthUrl)).text();
  if (!page.includes('Approve')) throw new Error('no consent page');
  const action = /<form method="post" action="([^"]+)"/.exec(page)![1]!;
  const form = new URLSearchParams(
    [...page.matchAll(/name="(\w+)" value="([^"]*)"/g)].map((m): [string, string] => [
      m[1]!,
      m[2]!.replace(/&amp;/g, '&'),
    ]),
  );
  form.set('decision', 'approve');
  const res = await fetch(new URL(action, oauthUrl), { method: 'POST', body: form, redirect: 'manual' });
  return new URL(res.headers.get('location')!);
}

/** The admin user of the test app's first account. */
export async function adminSession(t: TestApp): Promise<{ accountId: string; userId: string }> {
  const user = await t.rt.ctx.db
    .selectFrom('users')
    .select(['id', 'account_id'])
    .where('role', '=', 'admin')
    .orderBy('created_at')
    .executeTakeFirstOrThrow();
  return { accountId: user.account_id, userId: user.id };
}

/**
 * Connects the test app's account to the stand-in: connect over the API, consent in the
 * "browser", then the callback's work as a signed-in admin's session would run it (browser
 * sessions arrive with the web app; the callback route itself refuses API keys).
 */
export async function connectHubSpot(t: TestApp, opts: { customObjects?: boolean } = {}): Promise<URL> {
  const res = await t.call('POST', '/api/v1/integrations/hubspot/connect', {
    body: { customObjects: opts.customObjects ?? false },
  });
  if (res.status !== 200) throw new Error(`connect: ${res.status} ${JSON.stringify(res.body)}`);
  const back = await approveConsent(res.body.oauthUrl);
  await completeConnect(t.rt.ctx, await adminSession(t), {
    code: back.searchParams.get('code') ?? undefined,
    state: back.searchParams.get('state') ?? undefined,
  });
  return back;
}
