import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeConnect, hubspotFor } from '../../src/integrations/hubspot/connection.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { adminSession, approveConsent, standInEnv } from '../support/hubspot/connect.ts';
import { type HubSpotStandIn, startHubSpotStandIn } from '../support/hubspot/server.ts';

describe.each(backends)('HubSpot connect (§D1) on %s', (kind) => {
  let hs: HubSpotStandIn;
  let t: TestApp;
  beforeAll(async () => {
    hs = await startHubSpotStandIn();
    t = await startTestApp(kind, { env: standInEnv(hs) });
  });
  afterAll(async () => {
    await t?.close();
    await hs?.close();
  });

  const connect = (body: object = {}) => t.call('POST', '/api/v1/integrations/hubspot/connect', { body });

  it('returns a consent URL with the standard scopes and a state; custom-object scopes only when asked', async () => {
    const res = await connect();
    expect(res.status).toBe(200);
    const url = new URL(res.body.oauthUrl);
    expect(url.origin + url.pathname).toBe(`${hs.url}/oauth/authorize`);
    expect(url.searchParams.get('client_id')).toBe(hs.app.clientId);
    expect(url.searchParams.get('redirect_uri')).toBe(`${t.url}/integrations/hubspot/callback`);
    expect(url.searchParams.get('scope')).toContain('crm.objects.contacts.write');
    expect(url.searchParams.get('scope')).not.toContain('custom');
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{40,}$/);
    const custom = new URL((await connect({ customObjects: true })).body.oauthUrl);
    expect(custom.searchParams.get('scope')).toContain('crm.objects.custom.read');
  });

  it('an API key cannot finish the callback; nothing at all is 401', async () => {
    const back = await approveConsent((await connect()).body.oauthUrl);
    const path = `/integrations/hubspot/callback${back.search}`;
    const withKey = await t.call('GET', path);
    expect(withKey.status).toBe(403);
    expect(withKey.body.error.code).toBe('browser_session_required');
    // Without any credential: one hop through our own page (SameSite cookies), then 401.
    const hop = await t.call('GET', path, { key: null });
    expect(hop.status).toBe(200);
    expect(hop.body).toContain('Finish connecting');
    expect((await t.call('GET', `${path}&hop=1`, { key: null })).status).toBe(401);
    expect((await t.call('GET', '/api/v1/integrations/hubspot/connection')).body.status).toBe(
      'not_connected',
    );
  });

  it('completes the round trip as the signed-in admin, once; tokens sealed; state single-use and bound to the user', async () => {
    hs.oauth.tokenLifetimeSeconds = 1800;
    const back = await approveConsent((await connect()).body.oauthUrl);
    const query = { code: back.searchParams.get('code')!, state: back.searchParams.get('state')! };
    const session = await adminSession(t);
    await expect(
      completeConnect(t.rt.ctx, { ...session, userId: 'usr_someone_else' }, query),
    ).rejects.toMatchObject({ code: 'oauth_state_invalid' });
    const back2 = await approveConsent((await connect()).body.oauthUrl);
    const query2 = { code: back2.searchParams.get('code')!, state: back2.searchParams.get('state')! };
    const status = await completeConnect(t.rt.ctx, session, query2);
    expect(status).toMatchObject({ status: 'connected', hubId: '62515' });
    expect(status.scopes).toContain('tickets');
    await expect(completeConnect(t.rt.ctx, session, query2)).rejects.toMatchObject({
      code: 'oauth_state_invalid',
    });
    expect(hs.oauth.tokenRequests.at(-1)).toEqual({
      path: '/oauth/v3/token',
      grantType: 'authorization_code',
    });
    const row = await t.rt.ctx.db.selectFrom('hubspot_connections').selectAll().executeTakeFirstOrThrow();
    expect(row.tokens.startsWith('fdsec:v1:')).toBe(true);
    for (const token of hs.oauth.access.keys()) expect(row.tokens).not.toContain(token);
    const res = await t.call('GET', '/api/v1/integrations/hubspot/connection');
    expect(res.body).toMatchObject({ status: 'connected', hubId: '62515' });
    expect(JSON.stringify(res.body)).not.toMatch(/at-|rt-/);
  });

  it('refreshes before expiry, and a refused refresh shows "reconnect needed"', async () => {
    hs.oauth.tokenLifetimeSeconds = 60; // inside the refresh margin: the next use refreshes
    const back = await approveConsent((await connect()).body.oauthUrl);
    await completeConnect(t.rt.ctx, await adminSession(t), {
      code: back.searchParams.get('code')!,
      state: back.searchParams.get('state')!,
    });
    const { accountId } = await adminSession(t);
    const before = hs.oauth.tokenRequests.length;
    const { sdk } = await hubspotFor(t.rt.ctx, accountId);
    expect(hs.oauth.tokenRequests.slice(before)).toEqual([
      { path: '/oauth/v3/token', grantType: 'refresh_token' },
    ]);
    await sdk.crm.objects.basicApi.getPage('contacts');
    hs.oauth.revokeAllRefreshTokens();
    await expect(hubspotFor(t.rt.ctx, accountId)).rejects.toMatchObject({ code: 'hubspot_reconnect_needed' });
    const res = await t.call('GET', '/api/v1/integrations/hubspot/connection');
    expect(res.body).toMatchObject({
      status: 'reconnect_needed',
      lastError: expect.stringContaining('refresh'),
    });
    hs.oauth.tokenLifetimeSeconds = 1800;
  });

  it('disconnects', async () => {
    expect((await t.call('DELETE', '/api/v1/integrations/hubspot/connection')).status).toBe(204);
    expect((await t.call('GET', '/api/v1/integrations/hubspot/connection')).body.status).toBe(
      'not_connected',
    );
  });
});
