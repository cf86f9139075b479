import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubSpotStandIn, startHubSpotStandIn } from '../../../test/support/hubspot/server.ts';
import { createHttpClient, type HttpClient } from '../../shared/http/client.ts';
import { hubspotFailure } from './errors.ts';
import { MemoryPacing } from './pacer.ts';
import { createHubSpotSdk } from './sdk.ts';
import { HubSpotTransport } from './transport.ts';

describe('the SDK through Frontdesk transport', () => {
  let hs: HubSpotStandIn;
  let http: HttpClient;
  beforeAll(async () => {
    hs = await startHubSpotStandIn();
    http = createHttpClient({ devHosts: hs.host });
  });
  afterAll(async () => {
    await http?.close();
    await hs?.close();
  });
  const sdk = (transport: HubSpotTransport) =>
    createHubSpotSdk({ baseUrl: hs.url, accessToken: hs.issueToken(), transport });

  it('sends every call through the address policy: a loopback HubSpot is refused unless it is a dev host', async () => {
    const strict = createHttpClient();
    const t = new HubSpotTransport({ http: strict, pacing: new MemoryPacing(), account: 'a' });
    const err = await sdk(t)
      .crm.objects.basicApi.getPage('contacts')
      .catch((e) => e);
    expect(hubspotFailure(err).code).toBe('blocked_address');
    expect(hs.server.received.length).toBe(0);
    await strict.close();
  });

  it('paces searches to 5 a second per account, so a burst of 7 all succeed', async () => {
    hs.resetRateLimits();
    const t = new HubSpotTransport({ http, pacing: new MemoryPacing(), account: 'a' });
    const client = sdk(t);
    const all = await Promise.all(
      Array.from({ length: 7 }, () => client.crm.objects.searchApi.doSearch('contacts', { limit: 1 })),
    );
    // Pacing keeps the stand-in's 429s away; on a loaded machine arrival jitter can still
    // trip one, and the Retry-After retry absorbs it: either way every search succeeds.
    expect(all).toHaveLength(7);
  });

  it('honours Retry-After on a 429 and retries a 5xx on a read', async () => {
    const t = new HubSpotTransport({ http, pacing: new MemoryPacing(), account: 'b' });
    const client = sdk(t);
    hs.failNext({
      status: 429,
      retryAfter: '1',
      match: (m, p) => m === 'GET' && p.startsWith('/crm/v3/objects/contacts'),
    });
    hs.failNext({ status: 503, match: (m, p) => m === 'GET' && p.startsWith('/crm/v3/objects/contacts') });
    await client.crm.objects.basicApi.getPage('contacts');
    expect(t.stats).toEqual({ requests: 3, retries: 2 });
  });

  it('hands a 429 back when Retry-After is longer than it may wait, with the delay', async () => {
    const t = new HubSpotTransport({ http, pacing: new MemoryPacing(), account: 'c', maxWaitMs: 500 });
    hs.failNext({
      status: 429,
      retryAfter: '30',
      match: (_m, p) => p.startsWith('/crm/v3/objects/companies'),
    });
    const err = await sdk(t)
      .crm.objects.basicApi.getPage('companies')
      .catch((e) => e);
    const failure = hubspotFailure(err);
    expect(failure.code).toBe('hubspot_rate_limited');
    expect(failure.headers['Retry-After']).toBe('30');
  });

  it('does not resend a create after a 5xx (it may have happened)', async () => {
    const t = new HubSpotTransport({ http, pacing: new MemoryPacing(), account: 'd' });
    hs.failNext({ status: 500, match: (m, p) => m === 'POST' && p === '/crm/v3/objects/notes' });
    const err = await sdk(t)
      .crm.objects.basicApi.create('notes', {
        properties: { hs_timestamp: '1700000000000' },
        associations: [],
      })
      .catch((e) => e);
    expect(hubspotFailure(err).code).toBe('hubspot_unavailable');
    expect(t.stats.requests).toBe(1);
  });

  it('exchanges tokens on the v3 endpoint with a form body, through the SDK', async () => {
    const t = new HubSpotTransport({ http, pacing: new MemoryPacing(), account: 'e' });
    const client = createHubSpotSdk({ baseUrl: hs.url, transport: t });
    const err = await client.oauth.tokensApi
      .create('refresh_token', undefined, undefined, hs.app.clientId, hs.app.clientSecret, 'nope')
      .catch((e) => e);
    expect(err.code).toBe(400);
    expect(hs.oauth.tokenRequests.at(-1)).toEqual({ path: '/oauth/v3/token', grantType: 'refresh_token' });
  });
});
