import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { connectHubSpot, standInEnv } from '../support/hubspot/connect.ts';
import { type HubSpotStandIn, startHubSpotStandIn } from '../support/hubspot/server.ts';
import { type ScriptedModel, startScriptedModel } from '../support/scripted-model.ts';

/**
 * "Describe it" with the agent's model (§D5): a real OpenAI-protocol model on loopback
 * answers with a tool call; whatever it proposes is validated like a hand-written binding.
 */
const API_KEY = 'sk-test-describe';
const PLAN = 'p62515_service_plans';
const planBySerial = {
  key: 'plan_by_serial',
  name: 'Service plan by serial',
  description: 'Find a service plan by its serial number',
  inputs: [{ name: 'serial', type: 'string', required: true, description: 'The serial number' }],
  restSearch: {
    object: PLAN,
    filterGroups: [{ filters: [{ property: 'serial_number', operator: 'EQ', value: { input: 'serial' } }] }],
    properties: ['plan_name', 'tier'],
    limit: 1,
  },
};

describe.each(backends)('"describe it" with a model on %s', (kind) => {
  let hs: HubSpotStandIn;
  let t: TestApp;
  let model: ScriptedModel;
  let agentId: string;
  const auto = (goal: string, extra: object = {}) =>
    t.call('POST', `/api/v1/agents/${agentId}/integrations/hubspot/bindings/auto`, {
      body: { goal, ...extra },
    });

  beforeAll(async () => {
    hs = await startHubSpotStandIn();
    t = await startTestApp(kind, { env: { ...standInEnv(hs), FRONTDESK_MODEL_HOSTS: '127.0.0.1' } });
    agentId = (await t.call('GET', '/api/v1/agents')).body.agents[0].id;
    await connectHubSpot(t, { customObjects: true });
    expect((await t.call('POST', '/api/v1/integrations/hubspot/discover')).status).toBe(200);
    model = await startScriptedModel(
      [
        { toolCalls: [{ name: 'propose_binding', args: planBySerial }] },
        { toolCalls: [{ name: 'propose_binding', args: { ...planBySerial, key: 'plan_by_serial_2' } }] },
        {
          toolCalls: [
            {
              name: 'propose_binding',
              args: {
                ...planBySerial,
                restSearch: {
                  ...planBySerial.restSearch,
                  filterGroups: [
                    { filters: [{ property: 'warranty_code', operator: 'EQ', value: { input: 'serial' } }] },
                  ],
                },
              },
            },
          ],
        },
        { toolCalls: [{ name: 'propose_binding', args: { key: 'Bad Key', name: 'x' } }] },
        { toolCalls: [{ name: 'cannot_map', args: { reason: 'This account has nothing about pizzas.' } }] },
        { text: 'I am not sure.' },
        { error: { status: 401, message: 'Incorrect API key provided' } },
      ],
      { apiKey: API_KEY },
    );
    const res = await t.call('PATCH', `/api/v1/agents/${agentId}`, {
      body: { model: { provider: 'openai', model: 'test-model', baseUrl: model.url, apiKey: API_KEY } },
    });
    expect(res.status).toBe(200);
  });
  afterAll(async () => {
    await model?.close();
    await t?.close();
    await hs?.close();
  });

  it("shows the model the goal, the grammar and the account's schema, and returns its binding once validated", async () => {
    const res = await auto('Look up a service plan from the serial number on the device');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ method: 'llm', kind: 'read', saved: null, binding: planBySerial });
    const sent = model.requests[0]!.body;
    expect(sent.tools.map((x: any) => x.function.name)).toEqual(['propose_binding', 'cannot_map']);
    const prompt = JSON.stringify(sent.messages);
    expect(prompt).toContain('Look up a service plan from the serial number');
    expect(prompt).toContain('serial_number');
    expect(prompt).toContain(PLAN);
  });

  it('saves the validated binding when asked, as a skill of the agent', async () => {
    const res = await auto('Look up a service plan by serial', { save: true });
    expect(res.body.saved).toMatchObject({ key: 'plan_by_serial_2', kind: 'read' });
    const skills = (await t.call('GET', `/api/v1/agents/${agentId}/integrations/hubspot/skills`)).body.skills;
    expect(skills.map((s: { key: string }) => s.key)).toContain('plan_by_serial_2');
  });

  it('a binding naming a property the account lacks is "could not map", with the reason', async () => {
    const res = await auto('Find a plan by warranty code');
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('could_not_map');
    expect(res.body.error.details[0]).toMatchObject({
      path: expect.stringMatching(/^binding\.restSearch\.filterGroups/),
      message: expect.stringContaining('warranty_code'),
    });
  });

  it('a binding that breaks the grammar is "could not map", each issue named', async () => {
    const res = await auto('Something odd');
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('could_not_map');
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toContain('binding.key');
  });

  it("the model's own 'cannot map' and a reply without a tool call are clear refusals", async () => {
    const pizza = await auto('Order a large pizza');
    expect(pizza.status).toBe(422);
    expect(pizza.body.error).toMatchObject({
      code: 'could_not_map',
      message: expect.stringContaining('nothing about pizzas'),
    });
    const vague = await auto('Do the thing');
    expect(vague.status).toBe(422);
    expect(vague.body.error.message).toContain('the model proposed no binding');
  });

  it('when the model cannot be reached, the deterministic matcher answers', async () => {
    const res = await auto('Find the service plan by serial number');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ method: 'matcher', binding: { restSearch: { object: PLAN } } });
    expect(model.remaining()).toBe(0);
    expect(JSON.stringify(res.body)).not.toContain(API_KEY);
  });
});
