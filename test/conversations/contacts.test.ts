import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';

/**
 * Contacts with several identities (issue 7): a returning customer is the same contact,
 * found by any identity; proof belongs to the conversation that made it — a later
 * conversation that only claims the email is not verified by the earlier proof.
 */
describe.each(backends)('contacts and identities (%s)', (kind) => {
  let t: TestApp;
  let agentId: string;
  beforeAll(async () => {
    t = await startTestApp(kind);
    agentId = (await t.call('GET', '/api/v1/agents')).body.agents[0].id;
  });
  afterAll(async () => {
    await t?.close();
  });
  const start = async (contact: Record<string, unknown>) => {
    const res = await t.call('POST', `/api/v1/agents/${agentId}/conversations`, { body: { contact } });
    expect(res.status).toBe(201);
    return (await t.call('GET', `/api/v1/conversations/${res.body.id}`)).body.contact;
  };

  it('finds the same contact by any identity; proof stays with its conversation', async () => {
    const first = await start({ email: 'Ria@Example.com', verified: ['email'] });
    expect(first.verified).toEqual(['email']);
    const again = await start({ email: 'ria@example.com' });
    expect(again.id).toBe(first.id);
    expect(again.verified).toEqual([]);
    const byPhone = await start({ email: 'ria@example.com', phone: '+14155550123', name: 'Ria' });
    expect(byPhone).toMatchObject({ id: first.id, name: 'Ria', phone: '+14155550123' });
    const phoneOnly = await start({ phone: '+14155550123', verified: ['phone'] });
    expect(phoneOnly).toMatchObject({ id: first.id, verified: ['phone'] });
    expect(phoneOnly.identities.map((i: { type: string }) => i.type).sort()).toEqual(['email', 'phone']);
  });

  it('does not join two customers on an email one of them only claims', async () => {
    const owner = await start({ externalId: 'u-1', email: 'owner@example.com', verified: ['widget'] });
    const other = await start({ externalId: 'u-2', email: 'owner@example.com' });
    expect(other.id).not.toBe(owner.id);
    expect(other.verified).toEqual([]);
  });
});
