import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBack } from '../../src/integrations/hubspot/writeback/write.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { connectHubSpot, standInEnv } from '../support/hubspot/connect.ts';
import { type HubSpotStandIn, startHubSpotStandIn } from '../support/hubspot/server.ts';

describe.each(backends)('HubSpot interaction logging (§D4) on %s', (kind) => {
  let hs: HubSpotStandIn;
  let t: TestApp;
  let agentId: string;
  let grace: string;
  const records = (type: string) => [...hs.portal.records.get(hs.portal.type(type).objectTypeId)!.values()];
  const settings = (body?: object) =>
    body
      ? t.call('PATCH', '/api/v1/integrations/hubspot/writeback', { body })
      : t.call('GET', '/api/v1/integrations/hubspot/writeback');

  /** A conversation through the API, then closed (as the conversation lifecycle will). */
  async function finished(contact: object, texts: string[], channel = 'web_chat'): Promise<string> {
    const c = await t.call('POST', `/api/v1/agents/${agentId}/conversations`, { body: { channel, contact } });
    expect(c.status).toBe(201);
    for (const text of texts)
      await t.call('POST', `/api/v1/conversations/${c.body.id}/messages`, { body: { text } });
    const closed = await t.call('POST', `/api/v1/conversations/${c.body.id}/close`);
    expect(closed.status).toBe(200);
    return c.body.id;
  }

  beforeAll(async () => {
    hs = await startHubSpotStandIn();
    t = await startTestApp(kind, { env: standInEnv(hs) });
    agentId = (await t.call('GET', '/api/v1/agents')).body.agents[0].id;
    await connectHubSpot(t);
    grace = hs.portal.create(hs.portal.type('contacts'), {
      firstname: 'Grace',
      email: 'grace@example.com',
      phone: '+14155550101',
    }).id;
  });
  afterAll(async () => {
    await t?.close();
    await hs?.close();
  });

  it('is off by default; PATCH leaves omitted fields unchanged; bad values are 422', async () => {
    expect((await settings()).body).toEqual({
      mode: 'off',
      onNoMatch: 'skip',
      enabledAt: null,
      skippedCount: 0,
    });
    const early = await finished({ phone: '+14155550101' }, ['hello']);
    expect(await writeBack(t.rt.ctx, early)).toEqual({ status: 'off' });
    expect((await settings({ onNoMatch: 'create' })).body).toMatchObject({
      mode: 'off',
      onNoMatch: 'create',
    });
    const on = await settings({ mode: 'summary' });
    expect(on.body).toMatchObject({ mode: 'summary', onNoMatch: 'create', enabledAt: expect.any(String) });
    expect((await settings({ onNoMatch: 'skip' })).body).toMatchObject({
      mode: 'summary',
      onNoMatch: 'skip',
      enabledAt: on.body.enabledAt,
    });
    expect((await settings({ mode: 'everything' })).status).toBe(422);
    // No back-fill: the conversation that ended while logging was off is never written.
    expect(await writeBack(t.rt.ctx, early)).toEqual({ status: 'skipped', reason: 'ended_before_enabled' });
    expect(records('notes')).toHaveLength(0);
  });

  it('summary mode: a chat becomes a Note on the matched contact, associated with type 202, once', async () => {
    const id = await finished({ phone: '+14155550101', name: 'Grace' }, [
      'Where is my order 4500012345? My card 4111 1111 1111 1111 was charged twice',
    ]);
    const out = await writeBack(t.rt.ctx, id);
    expect(out).toMatchObject({ status: 'written', engagementType: 'note', contactId: grace });
    const note = records('notes').at(-1)!;
    expect(note.properties['hs_timestamp']).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(note.properties['hs_note_body']).toContain(`Frontdesk conversation ${id}`);
    expect(note.properties['hs_note_body']).toContain('4500012345');
    expect(note.properties['hs_note_body']).not.toContain('4111');
    expect(note.properties['hs_note_body']).not.toContain('Transcript');
    expect(hs.portal.edges).toContainEqual(
      expect.objectContaining({ from: 'notes', fromId: note.id, to: 'contacts', toId: grace, typeId: 202 }),
    );
    expect(await writeBack(t.rt.ctx, id)).toEqual({ status: 'already', previous: 'written' });
    expect(records('notes').filter((n) => n.properties['hs_note_body']!.includes(id))).toHaveLength(1);
  });

  it('summary_transcript mode: a call becomes a Call engagement (type 194) with the transcript scrubbed', async () => {
    await settings({ mode: 'summary_transcript' });
    const id = await finished(
      { email: 'grace@example.com' },
      ['My SSN is 123-45-6789 and IBAN GB82 WEST 1234 5698 7654 32', 'reference 123456789'],
      'voice',
    );
    const out = await writeBack(t.rt.ctx, id);
    expect(out).toMatchObject({ status: 'written', engagementType: 'call', contactId: grace });
    const call = records('calls').at(-1)!;
    const body = call.properties['hs_call_body']!;
    expect(body).toContain('Transcript');
    expect(body).toContain('[SSN removed]');
    expect(body).toContain('[IBAN removed]');
    expect(body).toContain('reference 123456789');
    expect(body).not.toMatch(/123-45-6789|GB82/);
    expect(call.properties).toMatchObject({ hs_call_direction: 'INBOUND', hs_call_status: 'COMPLETED' });
    expect(hs.portal.edges).toContainEqual(
      expect.objectContaining({ from: 'calls', fromId: call.id, to: 'contacts', toId: grace, typeId: 194 }),
    );
  });

  it('no match: skip counts it; create makes the contact first, then logs', async () => {
    await settings({ onNoMatch: 'skip' });
    const skipped = await finished({ phone: '+14155550177' }, ['hi']);
    expect(await writeBack(t.rt.ctx, skipped)).toEqual({ status: 'skipped', reason: 'no_match' });
    expect((await settings()).body.skippedCount).toBe(1);
    await settings({ onNoMatch: 'create' });
    const before = records('contacts').length;
    const id = await finished({ phone: '+14155550188', name: 'Alan Turing', email: 'alan@example.com' }, [
      'hi',
    ]);
    const out = await writeBack(t.rt.ctx, id);
    expect(out).toMatchObject({ status: 'written', engagementType: 'note' });
    expect(records('contacts')).toHaveLength(before + 1);
    expect(records('contacts').at(-1)!.properties).toMatchObject({
      firstname: 'Alan',
      lastname: 'Turing',
      phone: '+14155550188',
    });
    expect((await settings()).body.skippedCount).toBe(1);
  });

  it('retries after a 429, honouring Retry-After, and writes once', async () => {
    hs.portal.create(hs.portal.type('contacts'), { email: 'retry@example.com' });
    const id = await finished({ email: 'retry@example.com' }, ['one more thing']);
    hs.failNext({
      status: 429,
      retryAfter: '1',
      match: (m, p) =>
        (m === 'POST' && p === '/crm/v3/objects/calls') || (m === 'POST' && p === '/crm/v3/objects/notes'),
    });
    const posts = () =>
      hs.server.received.filter((r) => r.method === 'POST' && r.url === '/crm/v3/objects/notes').length;
    const before = posts();
    expect(await writeBack(t.rt.ctx, id)).toMatchObject({ status: 'written' });
    expect(posts() - before).toBe(2);
    expect(records('notes').filter((n) => n.properties['hs_note_body']!.includes(id))).toHaveLength(1);
  });

  it('a retry after a crash between HubSpot and our record finds the note instead of writing it twice', async () => {
    hs.portal.create(hs.portal.type('contacts'), { email: 'crash@example.com' });
    const id = await finished({ email: 'crash@example.com' }, ['crash test']);
    await writeBack(t.rt.ctx, id);
    // As if the process died after HubSpot answered but before the row said "written".
    await t.rt.ctx.db
      .updateTable('hubspot_writebacks')
      .set({ status: 'started' })
      .where('conversation_id', '=', id)
      .execute();
    expect(await writeBack(t.rt.ctx, id)).toMatchObject({ status: 'written' });
    expect(records('notes').filter((n) => n.properties['hs_note_body']!.includes(id))).toHaveLength(1);
  });
});
