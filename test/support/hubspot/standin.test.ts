import { AssociationTypes, Client } from '@hubspot/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubSpotStandIn, startHubSpotStandIn } from './server.ts';

// The stand-in, driven by the official SDK exactly as HubSpot would be.
describe('HubSpot stand-in through @hubspot/api-client', () => {
  let hs: HubSpotStandIn;
  let client: Client;
  beforeAll(async () => {
    hs = await startHubSpotStandIn();
    client = new Client({ accessToken: hs.issueToken(), basePath: hs.url });
  });
  afterAll(() => hs?.close());

  const err = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      return e as { code: number; body: any };
    }
    throw new Error('expected a failure');
  };

  it('creates, reads, updates and searches contacts with filterGroups semantics', async () => {
    const a = await client.crm.contacts.basicApi.create({
      properties: { email: 'ada@example.com', firstname: 'Ada', phone: '+14155550101' },
      associations: [],
    });
    await client.crm.contacts.basicApi.create({
      properties: { email: 'bob@example.com', firstname: 'Bob', phone: '+14155550102' },
      associations: [],
    });
    expect(a.id).toMatch(/^\d+$/);
    expect(a.createdAt).toBeInstanceOf(Date);
    const read = await client.crm.contacts.basicApi.getById(a.id, ['firstname']);
    expect(read.properties['firstname']).toBe('Ada');
    await client.crm.contacts.basicApi.update(a.id, { properties: { lastname: 'Lovelace' } });
    const both = await client.crm.contacts.searchApi.doSearch({
      filterGroups: [
        { filters: [{ propertyName: 'phone', operator: 'EQ' as never, value: '+14155550101' }] },
        { filters: [{ propertyName: 'firstname', operator: 'EQ' as never, value: 'bob' }] },
      ],
      sorts: [{ propertyName: 'firstname', direction: 'DESCENDING' }] as never,
      properties: ['firstname', 'lastname'],
      limit: 1,
    });
    expect(both.total).toBe(2);
    expect(both.results.map((r) => r.properties['firstname'])).toEqual(['Bob']);
    expect(both.paging?.next?.after).toBe('1');
    const anded = await client.crm.contacts.searchApi.doSearch({
      filterGroups: [
        {
          filters: [
            { propertyName: 'firstname', operator: 'EQ' as never, value: 'Ada' },
            { propertyName: 'lastname', operator: 'EQ' as never, value: 'Nobody' },
          ],
        },
      ],
    });
    expect(anded.total).toBe(0);
    const unknown = await err(
      client.crm.contacts.basicApi.create({ properties: { shoe_size: '9' }, associations: [] }),
    );
    expect(unknown.code).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('PROPERTY_DOESNT_EXIST');
    const dupe = await err(
      client.crm.contacts.basicApi.create({ properties: { email: 'ADA@example.com' }, associations: [] }),
    );
    expect(dupe.code).toBe(409);
  });

  it('refuses searches past the documented limits', async () => {
    const f = { propertyName: 'email', operator: 'HAS_PROPERTY' as never };
    const groups = (n: number, per: number) =>
      Array.from({ length: n }, () => ({ filters: Array.from({ length: per }, () => f) }));
    for (const req of [
      { filterGroups: groups(6, 1) },
      { filterGroups: groups(1, 7) },
      { filterGroups: groups(4, 5) },
      { filterGroups: groups(1, 1), sorts: ['email', 'firstname'] },
      { filterGroups: groups(1, 1), limit: 201 },
    ]) {
      hs.resetRateLimits();
      expect((await err(client.crm.contacts.searchApi.doSearch(req as never))).code).toBe(400);
    }
    hs.resetRateLimits();
    expect(
      (await client.crm.contacts.searchApi.doSearch({ filterGroups: groups(3, 6), limit: 200 } as never))
        .total,
    ).toBeGreaterThan(0);
  });

  it('answers 429 past five searches a second', async () => {
    hs.resetRateLimits();
    const results = await Promise.allSettled(
      Array.from({ length: 7 }, () => client.crm.companies.searchApi.doSearch({ limit: 1 })),
    );
    const rejected = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(rejected.length).toBeGreaterThanOrEqual(2);
    expect(rejected[0]!.reason.code).toBe(429);
  });

  it('associates notes and calls with the SDK type ids, v4 reads them back', async () => {
    const c = await client.crm.contacts.basicApi.create({
      properties: { email: 'note@example.com' },
      associations: [],
    });
    const note = await client.crm.objects.notes.basicApi.create({
      properties: { hs_timestamp: new Date().toISOString(), hs_note_body: 'Called about an order' },
      associations: [
        {
          to: { id: c.id },
          types: [
            {
              associationCategory: 'HUBSPOT_DEFINED' as never,
              associationTypeId: AssociationTypes.noteToContact,
            },
          ],
        },
      ],
    });
    const missingTimestamp = await err(
      client.crm.objects.calls.basicApi.create({ properties: { hs_call_body: 'x' }, associations: [] }),
    );
    expect(missingTimestamp.code).toBe(400);
    const wrongType = await err(
      client.crm.objects.notes.basicApi.create({
        properties: { hs_timestamp: '1700000000000' },
        associations: [
          {
            to: { id: c.id },
            types: [
              {
                associationCategory: 'HUBSPOT_DEFINED' as never,
                associationTypeId: AssociationTypes.callToContact,
              },
            ],
          },
        ],
      }),
    );
    expect(wrongType.code).toBe(400);
    const links = await client.crm.associations.v4.basicApi.getPage('notes', note.id, 'contacts');
    expect(links.results[0]).toMatchObject({ toObjectId: Number(c.id), associationTypes: [{ typeId: 202 }] });
    const t = await client.crm.tickets.basicApi.create({
      properties: { subject: 'Broken', hs_pipeline: '0', hs_pipeline_stage: '1' },
      associations: [],
    });
    await client.crm.associations.v4.basicApi.createDefault('tickets', t.id, 'contacts', c.id);
    expect(
      (await client.crm.associations.v4.basicApi.getPage('tickets', t.id, 'contacts')).results[0]!
        .associationTypes[0]!.typeId,
    ).toBe(16);
  });

  it('serves properties, the custom object schema and pipelines', async () => {
    const props = await client.crm.properties.coreApi.getAll('contacts');
    expect(props.results.find((p) => p.name === 'phone')).toMatchObject({
      type: 'phone_number',
      fieldType: 'phonenumber',
    });
    const schemas = await client.crm.schemas.coreApi.getAll();
    expect(schemas.results[0]).toMatchObject({
      objectTypeId: '2-3456789',
      labels: { singular: 'Service plan' },
    });
    const plan = await client.crm.objects.basicApi.create('2-3456789', {
      properties: { plan_name: 'Gold', seats: '3' },
      associations: [],
    });
    expect(
      (await client.crm.objects.basicApi.getById('p62515_service_plans', plan.id, ['plan_name'])).properties[
        'plan_name'
      ],
    ).toBe('Gold');
    const deals = await client.crm.pipelines.pipelinesApi.getAll('deals');
    expect(deals.results[0]!.stages.map((s) => s.id)).toContain('closedwon');
  });

  it('refuses calls without a valid token or scope', async () => {
    const none = new Client({ accessToken: 'nope', basePath: hs.url });
    expect((await err(none.crm.contacts.basicApi.getPage())).code).toBe(401);
    const narrow = new Client({
      accessToken: hs.issueToken(['crm.objects.contacts.read']),
      basePath: hs.url,
    });
    expect((await err(narrow.crm.schemas.coreApi.getAll())).code).toBe(403);
  });

  it('runs the OAuth consent and v3 token exchange, refresh and expiry', async () => {
    const authorize = new URL('/oauth/authorize', hs.url);
    authorize.search = new URLSearchParams({
      client_id: hs.app.clientId,
      redirect_uri: 'http://127.0.0.1:9/cb',
      scope: 'oauth crm.objects.contacts.read',
      state: 's1',
    }).toString();
    const page = await (await fetch(authorize)).text();
    expect(page).toContain('Approve');
    const form = new URLSearchParams(
      [...page.matchAll(/name="(\w+)" value="([^"]*)"/g)].map((m): [string, string] => [
        m[1]!,
        m[2]!.replace(/&amp;/g, '&'),
      ]),
    );
    form.set('decision', 'approve');
    const back = await fetch(new URL('/oauth/authorize', hs.url), {
      method: 'POST',
      body: form,
      redirect: 'manual',
    });
    const redirect = new URL(back.headers.get('location')!);
    expect(redirect.searchParams.get('state')).toBe('s1');
    const exchange = (body: Record<string, string>) =>
      fetch(new URL('/oauth/v3/token', hs.url), {
        method: 'POST',
        body: new URLSearchParams({
          client_id: hs.app.clientId,
          client_secret: hs.app.clientSecret,
          ...body,
        }),
      });
    const tokens: any = await (
      await exchange({
        grant_type: 'authorization_code',
        code: redirect.searchParams.get('code')!,
        redirect_uri: 'http://127.0.0.1:9/cb',
      })
    ).json();
    expect(tokens).toMatchObject({
      expires_in: 1800,
      token_type: 'bearer',
      scopes: ['oauth', 'crm.objects.contacts.read'],
    });
    const again = await exchange({
      grant_type: 'authorization_code',
      code: redirect.searchParams.get('code')!,
      redirect_uri: 'http://127.0.0.1:9/cb',
    });
    expect(again.status).toBe(400);
    const c = new Client({ accessToken: tokens.access_token, basePath: hs.url });
    await c.crm.contacts.basicApi.getPage();
    hs.advance(1801_000);
    expect((await err(c.crm.contacts.basicApi.getPage())).code).toBe(401);
    const refreshed: any = await (
      await exchange({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token })
    ).json();
    await new Client({
      accessToken: refreshed.access_token,
      basePath: hs.url,
    }).crm.contacts.basicApi.getPage();
  });
});
