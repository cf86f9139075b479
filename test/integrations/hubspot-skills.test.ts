import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { connectHubSpot, standInEnv } from '../support/hubspot/connect.ts';
import { type HubSpotStandIn, startHubSpotStandIn } from '../support/hubspot/server.ts';
import { type ScriptedModel, startScriptedModel } from '../support/scripted-model.ts';

/**
 * The pack's skills are skills of the agent (§D2–D3): a conversation over the API channel
 * reaches them through the built-in engine's router and gates, like any action.
 */
interface Turn {
  replies: { text: string }[];
  state: string;
  trace: Record<string, any>;
}
const text = (turn: Turn) => turn.replies.map((r) => r.text).join('\n');

describe.each(backends)('HubSpot skills in a conversation (built-in engine) on %s', (kind) => {
  let hs: HubSpotStandIn;
  let t: TestApp;
  let agentId: string;
  const records = (type: string) => [...hs.portal.records.get(hs.portal.type(type).objectTypeId)!.values()];
  const start = async (contact: object, agent = agentId) => {
    const res = await t.call('POST', `/api/v1/agents/${agent}/conversations`, { body: { contact } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  const say = async (id: string, line: string): Promise<Turn> => {
    const res = await t.call('POST', `/api/v1/conversations/${id}/messages`, { body: { text: line } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    hs = await startHubSpotStandIn();
    t = await startTestApp(kind, { env: { ...standInEnv(hs), FRONTDESK_MODEL_HOSTS: '127.0.0.1' } });
    agentId = (await t.call('GET', '/api/v1/agents')).body.agents[0].id;
    await connectHubSpot(t);
    hs.portal.create(hs.portal.type('contacts'), {
      firstname: 'Grace',
      lastname: 'Hopper',
      phone: '(415) 555-0101',
    });
  });
  afterAll(async () => {
    await t?.close();
    await hs?.close();
  });

  it('finds the caller by phone and greets them by name', async () => {
    const id = await start({ phone: '+14155550101' });
    const turn = await say(id, 'Hi, can you look me up? My number is +1 415 555 0101');
    expect(turn.trace.skill).toMatchObject({ key: 'find_contact', type: 'crm', kind: 'read' });
    expect(turn.trace.inputs).toEqual({ phone: '+14155550101' });
    expect(turn.trace.run).toMatchObject({ ok: true, outputs: { found: true, greetingName: 'Grace' } });
    expect(text(turn)).toBe('Hello Grace, good to hear from you again!');
    const log = await t.call('GET', `/api/v1/integration-log?conversationId=${id}`);
    expect(log.body.entries).toHaveLength(1);
    expect(log.body.entries[0]).toMatchObject({ actionKey: 'find_contact', status: 'ok', mode: 'live' });
  });

  it('asks before a write, writes nothing until the customer confirms, then writes once', async () => {
    const before = records('tickets').length;
    const id = await start({ phone: '+14155550101' });
    const asked = await say(id, 'I need support, please open a ticket');
    expect(asked.trace.skill).toMatchObject({ key: 'create_ticket', type: 'crm', kind: 'write' });
    expect(asked.state).toBe('awaiting_input');
    const confirm = await say(id, 'The printer is jammed again');
    expect(confirm.state).toBe('awaiting_confirmation');
    expect(confirm.trace.gate).toBe('confirmation');
    expect(text(confirm)).toContain('The printer is jammed again');
    expect(records('tickets')).toHaveLength(before);
    const done = await say(id, 'yes');
    expect(done.trace.run).toMatchObject({ ok: true, outputs: { created: true } });
    expect(text(done)).toMatch(/^Ticket \d+ is open\.$/);
    const tickets = records('tickets');
    expect(tickets).toHaveLength(before + 1);
    expect(tickets.at(-1)!.properties['subject']).toBe('The printer is jammed again');
  });

  it('an update of the contact needs a verified identity first (none here: handed to a person)', async () => {
    const id = await start({ phone: '+14155550101' });
    const turn = await say(id, 'I want to change my details, my email changed');
    expect(turn.trace.skill).toMatchObject({ key: 'update_contact', type: 'crm', kind: 'write' });
    expect(turn.trace.run).toBeUndefined();
    expect(turn.state).toBe('handed_off');
    expect(turn.trace.gate).toBe('identity');
  });

  it('a verified caller updates the contact find_contact found, after confirming', async () => {
    const id = await start({ phone: '+14155550101', verified: ['phone'] });
    expect(text(await say(id, 'Hi, can you look me up? My number is +1 415 555 0101'))).toContain('Grace');
    const asked = await say(id, 'Please change my details: my email is now grace.h@example.com');
    expect(asked.trace.skill).toMatchObject({ key: 'update_contact' });
    expect(asked.state).toBe('awaiting_confirmation');
    const grace = () => records('contacts').find((r) => r.properties['firstname'] === 'Grace')!;
    expect(grace().properties['email']).toBeUndefined();
    const done = await say(id, 'yes');
    expect(done.trace.run, JSON.stringify(done.trace)).toMatchObject({ ok: true });
    expect(text(done)).toBe('Your details are updated.');
    expect(grace().properties['email']).toBe('grace.h@example.com');
  });

  it('a skill can be removed (then it is not offered); installing the pack again brings a pack skill back', async () => {
    const path = `/api/v1/agents/${agentId}/integrations/hubspot/skills/create_deal`;
    expect((await t.call('DELETE', path)).status).toBe(204);
    expect((await t.call('DELETE', path)).status).toBe(404);
    const keys = async () =>
      (await t.call('GET', `/api/v1/agents/${agentId}/integrations/hubspot/skills`)).body.skills.map(
        (s: { key: string }) => s.key,
      );
    expect(await keys()).not.toContain('create_deal');
    const id = await start({ phone: '+14155550101' });
    expect((await say(id, 'I want to buy, please request a quote')).trace.skill?.key).not.toBe('create_deal');
    const again = await t.call('POST', `/api/v1/agents/${agentId}/integrations/hubspot/pack/install`);
    expect(
      again.body.skills.filter((s: { created: boolean }) => s.created).map((s: { key: string }) => s.key),
    ).toEqual(['create_deal']);
    expect(await keys()).toContain('create_deal');
  });

  describe('through the LLM engine', () => {
    let model: ScriptedModel;
    let llmAgent: string;
    const toolResult = (body: any) =>
      JSON.parse(body.messages.findLast((m: any) => m.role === 'tool').content);
    beforeAll(async () => {
      model = await startScriptedModel([
        { toolCalls: [{ name: 'find_contact', args: { phone: '+14155550101' } }] },
        (r) => ({ text: `Hi ${toolResult(r.body).outputs.greetingName}! How can I help?` }),
        { toolCalls: [{ name: 'create_deal', args: { dealname: 'Ten licences' } }] },
      ]);
      llmAgent = (await t.call('POST', '/api/v1/agents', { body: { name: 'Model desk' } })).body.id;
      expect(
        (await t.call('POST', `/api/v1/agents/${llmAgent}/integrations/hubspot/pack/install`)).status,
      ).toBe(200);
      const res = await t.call('PATCH', `/api/v1/agents/${llmAgent}`, {
        body: { model: { provider: 'openai', model: 'test-model', baseUrl: model.url, apiKey: 'sk-x' } },
      });
      expect(res.status).toBe(200);
    });
    afterAll(async () => model?.close());

    it('offers the pack as tools, runs a read, and gates a write behind confirmation', async () => {
      const id = await start({ phone: '+14155550101' }, llmAgent);
      const hello = await say(id, 'Hello, it is me again');
      expect(hello.trace.engine).toBe('llm');
      expect(text(hello)).toBe('Hi Grace! How can I help?');
      const tools = model.requests[0]!.body.tools.map((x: any) => x.function.name);
      expect(tools).toEqual(expect.arrayContaining(['find_contact', 'create_contact', 'update_contact']));
      expect(toolResult(model.requests[1]!.body)).toMatchObject({ ok: true, outputs: { found: true } });

      const deals = records('deals').length;
      const asked = await say(id, 'I would like to buy ten licences');
      expect(asked.state).toBe('awaiting_confirmation');
      expect(asked.trace.skill).toMatchObject({ key: 'create_deal', type: 'crm' });
      expect(records('deals')).toHaveLength(deals);
    });
  });
});
