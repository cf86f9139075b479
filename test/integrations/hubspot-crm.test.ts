import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPackSkill } from '../../src/integrations/hubspot/pack/skills.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { adminSession, connectHubSpot, standInEnv } from '../support/hubspot/connect.ts';
import { type HubSpotStandIn, startHubSpotStandIn } from '../support/hubspot/server.ts';

describe.each(backends)('HubSpot schema, pack and bindings (§D2–D6) on %s', (kind) => {
  let hs: HubSpotStandIn;
  let t: TestApp;
  let agentId: string;
  let accountId: string;
  const base = () => `/api/v1/agents/${agentId}/integrations/hubspot`;
  const run = (key: string, inputs: object, agent = agentId) =>
    t.call('POST', `/api/v1/agents/${agent}/integrations/hubspot/skills/${key}/run`, { body: { inputs } });
  const records = (type: string) => [...hs.portal.records.get(hs.portal.type(type).objectTypeId)!.values()];

  beforeAll(async () => {
    hs = await startHubSpotStandIn();
    t = await startTestApp(kind, { env: standInEnv(hs) });
    agentId = (await t.call('GET', '/api/v1/agents')).body.agents[0].id;
    accountId = (await adminSession(t)).accountId;
    await connectHubSpot(t, { customObjects: true });
    const portal = hs.portal;
    portal.create(portal.type('contacts'), {
      firstname: 'Grace',
      lastname: 'Hopper',
      email: 'grace@example.com',
      phone: '(415) 555-0101',
    });
    portal.create(portal.type('companies'), { name: 'Acme Corp', domain: 'acme.com' });
    portal.create(portal.type('tickets'), {
      subject: 'Printer jammed again',
      hs_pipeline: '0',
      hs_pipeline_stage: '1',
    });
    portal.create(portal.type('service_plans'), {
      plan_name: 'Gold',
      serial_number: 'SN-100',
      seats: '5',
      tier: 'premium',
    });
  });
  afterAll(async () => {
    await t?.close();
    await hs?.close();
  });

  it('discovers standard and custom objects; browses and searches the schema', async () => {
    const d = await t.call('POST', '/api/v1/integrations/hubspot/discover');
    expect(d.status).toBe(200);
    expect(d.body.customObjects).toBe('discovered');
    expect(d.body.objects.map((o: { name: string }) => o.name)).toEqual([
      'contacts',
      'companies',
      'deals',
      'tickets',
      'p62515_service_plans',
    ]);
    expect((await t.call('GET', '/api/v1/integrations/hubspot/objects')).body.objects).toHaveLength(5);
    const plan = await t.call('GET', '/api/v1/integrations/hubspot/objects/2-3456789');
    expect(plan.body).toMatchObject({ label: 'Service plan', custom: true });
    expect(plan.body.properties.find((p: { name: string }) => p.name === 'tier').options).toEqual([
      'basic',
      'plus',
      'premium',
    ]);
    expect((await t.call('GET', '/api/v1/integrations/hubspot/objects/nothing')).status).toBe(404);
    const hits = await t.call('GET', '/api/v1/integrations/hubspot/search?q=serial');
    expect(hits.body.results[0]).toMatchObject({ object: 'p62515_service_plans', property: 'serial_number' });
    expect((await t.call('GET', '/api/v1/integrations/hubspot/search')).status).toBe(422);
  });

  it('installs the pack idempotently: connecting installed it; a new agent gets seven, then none', async () => {
    const pack = await t.call('GET', `/api/v1/integrations/hubspot/pack?agentId=${agentId}`);
    expect(pack.body.skills.map((s: { key: string }) => s.key)).toEqual([
      'find_contact',
      'find_company',
      'find_ticket',
      'create_contact',
      'update_contact',
      'create_ticket',
      'create_deal',
    ]);
    expect(pack.body.skills.every((s: { installed: boolean }) => s.installed)).toBe(true);
    expect(pack.body.skills.find((s: { key: string }) => s.key === 'update_contact')).toMatchObject({
      kind: 'write',
      gated: true,
      requiresVerifiedIdentity: true,
    });
    const other = (await t.call('POST', '/api/v1/agents', { body: { name: 'Sales bot' } })).body.id;
    const first = await t.call('POST', `/api/v1/agents/${other}/integrations/hubspot/pack/install`);
    expect(first.body.skills.map((s: { created: boolean }) => s.created)).toEqual(Array(7).fill(true));
    const second = await t.call('POST', `/api/v1/agents/${other}/integrations/hubspot/pack/install`);
    expect(second.body.skills.map((s: { created: boolean }) => s.created)).toEqual(Array(7).fill(false));
    expect((await t.call('POST', '/api/v1/agents/agt_nope/integrations/hubspot/pack/install')).status).toBe(
      404,
    );
  });

  it('find_contact recognises a caller by phone in any spelling, so the agent can greet them', async () => {
    const res = await run('find_contact', { phone: '+1 415-555-0101' });
    expect(res.body.outputs).toMatchObject({
      found: true,
      greetingName: 'Grace',
      contact: { lastname: 'Hopper' },
    });
    expect(res.body.text).toBe('Found Grace Hopper (grace@example.com).');
    expect((await run('find_contact', { phone: '+14155550199' })).body.outputs).toEqual({
      found: false,
      phone: '+14155550199',
    });
    expect((await run('find_contact', { phone: 'call me' })).body.error.details[0].path).toBe('inputs.phone');
  });

  it('create_contact is find-or-create by phone: two concurrent calls make one contact', async () => {
    const before = records('contacts').length;
    const [a, b] = await Promise.all([
      run('create_contact', { phone: '+44 20 7946 0958', firstname: 'Ada' }),
      run('create_contact', { phone: '+442079460958', firstname: 'Ada' }),
    ]);
    expect([a.body.outputs.created, b.body.outputs.created].sort()).toEqual([false, true]);
    expect(a.body.outputs.contact.id).toBe(b.body.outputs.contact.id);
    expect(records('contacts').length).toBe(before + 1);
    expect(records('contacts').at(-1)!.properties['phone']).toBe('+442079460958');
    expect((await run('create_contact', { phone: '(415) 555-0101' })).status).toBe(422);
    expect((await run('create_contact', { phone: '+1 (415) 555-0101' })).body.outputs).toMatchObject({
      created: false,
      contact: { firstname: 'Grace' },
    });
  });

  it('find_company, find_ticket, create_ticket and create_deal', async () => {
    expect((await run('find_company', { domain: 'https://www.ACME.com/about' })).body.outputs).toMatchObject({
      found: true,
      companies: [{ name: 'Acme Corp' }],
    });
    expect((await run('find_company', { name: 'acme corp' })).body.outputs.found).toBe(true);
    expect((await run('find_company', {})).status).toBe(422);
    expect((await run('find_ticket', { query: 'printer' })).body.outputs).toMatchObject({
      found: true,
      tickets: [{ subject: 'Printer jammed again' }],
    });
    const grace = records('contacts').find((r) => r.properties['firstname'] === 'Grace')!;
    const ticket = await run('create_ticket', { subject: 'Refund not received', contact_id: grace.id });
    expect(ticket.body.text).toMatch(/^Ticket \d+ is open\.$/);
    const stored = records('tickets').at(-1)!;
    expect(stored.properties).toMatchObject({
      subject: 'Refund not received',
      hs_pipeline: '0',
      hs_pipeline_stage: '1',
    });
    expect(hs.portal.edges).toContainEqual(
      expect.objectContaining({
        from: 'tickets',
        fromId: stored.id,
        to: 'contacts',
        toId: grace.id,
        typeId: 16,
      }),
    );
    await run('create_deal', { dealname: '20 seats', amount: 4000, contact_id: grace.id });
    expect(records('deals').at(-1)!.properties).toMatchObject({
      dealname: '20 seats',
      amount: '4000',
      pipeline: 'default',
      dealstage: 'appointmentscheduled',
    });
    expect(hs.portal.edges.at(-1)).toMatchObject({ from: 'deals', to: 'contacts', typeId: 3 });
  });

  it('update_contact needs a verified identity and an id from a prior find_contact', async () => {
    const grace = records('contacts').find((r) => r.properties['firstname'] === 'Grace')!;
    const viaApi = await run('update_contact', { id: grace.id, jobtitle: 'Admiral' });
    expect(viaApi.status).toBe(403);
    expect(viaApi.body.error.code).toBe('identity_not_verified');
    await expect(
      runPackSkill(
        t.rt.ctx,
        accountId,
        'update_contact',
        { id: grace.id, jobtitle: 'Admiral' },
        { verifiedIdentity: true },
      ),
    ).rejects.toMatchObject({ code: 'contact_not_found_first' });
    const found = (await runPackSkill(t.rt.ctx, accountId, 'find_contact', { phone: '+14155550101' })) as {
      contact: { id: string };
    };
    const out = await runPackSkill(
      t.rt.ctx,
      accountId,
      'update_contact',
      { id: grace.id, jobtitle: 'Admiral' },
      { verifiedIdentity: true, foundContactIds: [found.contact.id] },
    );
    expect(out).toMatchObject({ updated: true });
    expect(grace.properties['jobtitle']).toBe('Admiral');
  });

  it('authors a binding on the custom object and runs it; rejects invalid bindings with reasons', async () => {
    const binding = {
      key: 'latest_plan_by_serial',
      name: 'Latest plan by serial',
      inputs: [{ name: 'serial', type: 'string' }],
      restSearch: {
        object: 'Service plan',
        filterGroups: [
          {
            filters: [
              { property: 'serial_number', operator: 'EQ', value: { input: 'serial' } },
              { property: 'seats', operator: 'GTE', value: 1 },
            ],
          },
        ],
        sorts: [{ property: 'renewal_date', direction: 'DESCENDING' }],
        properties: ['plan_name', 'tier'],
        limit: 1,
      },
    };
    const created = await t.call('POST', `${base()}/bindings`, { body: binding });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key: 'latest_plan_by_serial', kind: 'read' });
    expect((await t.call('POST', `${base()}/bindings`, { body: binding })).status).toBe(409);
    const out = await run('latest_plan_by_serial', { serial: 'SN-100' });
    expect(out.body.outputs).toMatchObject({
      kind: 'read',
      total: 1,
      records: [{ properties: { plan_name: 'Gold', tier: 'premium' } }],
    });

    const bad = await t.call('POST', `${base()}/bindings`, {
      body: {
        ...binding,
        key: 'bad',
        restSearch: {
          ...binding.restSearch,
          filterGroups: [
            {
              filters: [
                { property: 'colour', operator: 'EQ', value: 'red' },
                { property: 'seats', operator: 'EQ', value: 'lots' },
              ],
            },
          ],
        },
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details).toEqual([
      {
        path: 'restSearch.filterGroups[0].filters[0].property',
        message: 'unknown property "colour" on p62515_service_plans',
      },
      {
        path: 'restSearch.filterGroups[0].filters[1].value',
        message: 'wrong type for seats (number): "lots" is not a number',
      },
    ]);
    const f = { property: 'seats', operator: 'HAS_PROPERTY' };
    const tooMany = await t.call('POST', `${base()}/bindings`, {
      body: {
        ...binding,
        key: 'many',
        restSearch: {
          object: 'contacts',
          filterGroups: Array.from({ length: 4 }, () => ({ filters: [f, f, f, f, f] })),
        },
      },
    });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.error.details[0].path).toBe('restSearch.filterGroups');
  });

  it('"describe it" returns a validated binding or a clear could-not-map; a find-or-create binding never duplicates', async () => {
    const auto = await t.call('POST', `${base()}/bindings/auto`, {
      body: { goal: 'Find the service plan by serial number' },
    });
    expect(auto.status).toBe(200);
    expect(auto.body).toMatchObject({
      kind: 'read',
      saved: null,
      binding: { restSearch: { object: 'p62515_service_plans' } },
    });
    const none = await t.call('POST', `${base()}/bindings/auto`, { body: { goal: 'Order a large pizza' } });
    expect(none.status).toBe(422);
    expect(none.body.error).toMatchObject({
      code: 'could_not_map',
      message: expect.stringContaining('no discovered object'),
    });
    // Least privilege: writing companies is not in the pack's grant, so the binding says so.
    const companies = await t.call('POST', `${base()}/bindings/auto`, {
      body: { goal: 'Find or create a company by company domain name' },
    });
    expect(companies.status).toBe(422);
    expect(companies.body.error.details[0].message).toContain('crm.objects.companies.write');
    const foc = await t.call('POST', `${base()}/bindings/auto`, {
      body: { goal: 'Find or create a contact by email and job title', save: true },
    });
    expect(foc.body.binding.restWrite).toMatchObject({
      operation: 'findOrCreate',
      match: { property: 'email' },
      properties: { jobtitle: { input: 'jobtitle' } },
    });
    const key = foc.body.saved.key;
    const before = records('contacts').length;
    const inputs = { email: 'lin@example.com', jobtitle: 'CTO' };
    const [a, b] = await Promise.all([run(key, inputs), run(key, inputs)]);
    expect([a.body.outputs.created, b.body.outputs.created].sort()).toEqual([false, true]);
    expect(records('contacts').length).toBe(before + 1);
  });
});
