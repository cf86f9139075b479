import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  type ScriptedModel,
  type ScriptedRequest,
  type ScriptedTurn,
  startScriptedModel,
} from '../support/scripted-model.ts';

/**
 * The LLM engine (C3) on the real server and the demo workspace, with the model played by
 * the scripted model server through the real AI SDK clients. The model decides and words;
 * the gates (C4) and handoffs (C6) stay the system's.
 */
const providers = ['openai-compatible', 'openai', 'anthropic'] as const;
type Provider = (typeof providers)[number];

const API_KEY = 'sk-test';
// A model id the Anthropic client knows, so it picks real output limits without a warning.
const modelId = (provider: Provider) => (provider === 'anthropic' ? 'claude-sonnet-4-5' : 'test-model');

const CONFIRM_REFUND_1234 =
  "To confirm: I'm about to refund an order (order number: 1234, reason: arrived broken). Shall I go ahead? (yes / no)";

let t: TestApp;
let agentId: string;
let model: ScriptedModel | undefined;
let emails = 0;

beforeAll(async () => {
  t = await startTestApp('pglite', {
    env: { FRONTDESK_DEMO: 'on', FRONTDESK_MODEL_HOSTS: '127.0.0.1', FRONTDESK_DEMO_MAILBOX: 'off' },
  });
  agentId = t.rt.bootstrap.demoAgentId!;
  expect(agentId).toBeTruthy();
});
afterAll(async () => {
  await t?.close();
});
afterEach(async () => {
  // Whatever the scenario, every request must be one a real provider would accept.
  for (const request of model?.requests ?? []) expectProviderContract(request);
  await model?.close();
  model = undefined;
});

async function useModel(provider: Provider, script: ScriptedTurn[]): Promise<ScriptedModel> {
  model = await startScriptedModel(script, { apiKey: API_KEY });
  const res = await t.call('PATCH', `/api/v1/agents/${agentId}`, {
    body: { model: { provider, model: modelId(provider), baseUrl: model.url, apiKey: API_KEY } },
  });
  expect(res.status).toBe(200);
  expect(res.body.model).toMatchObject({ provider, apiKeySet: true });
  expect(JSON.stringify(res.body)).not.toContain(API_KEY);
  return model;
}

/** A contact of its own per conversation: contacts are matched by email, and verification sticks. */
async function startConversation(opts: { verified?: boolean } = {}): Promise<string> {
  emails += 1;
  const contact = {
    email: `customer${emails}@example.com`,
    ...(opts.verified ? { verified: ['email'] } : {}),
  };
  const res = await t.call('POST', `/api/v1/agents/${agentId}/conversations`, { body: { contact } });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function send(conversationId: string, text: string, clientMessageId?: string) {
  const res = await t.call('POST', `/api/v1/conversations/${conversationId}/messages`, {
    body: { text, ...(clientMessageId ? { clientMessageId } : {}) },
  });
  expect(res.status).toBe(200);
  return res.body as {
    replies: { text: string }[];
    state: string;
    trace: {
      engine: string;
      handoff?: { reason: string };
      gate?: string;
      llm?: {
        toolCalls: { name: string; args: unknown; accepted: boolean; reason?: string }[];
        tokens: number;
      };
    };
  };
}

const texts = (turn: { replies: { text: string }[] }) => turn.replies.map((r) => r.text);

async function conversation(conversationId: string) {
  const res = await t.call('GET', `/api/v1/conversations/${conversationId}`);
  expect(res.status).toBe(200);
  return res.body;
}

async function logOf(conversationId: string): Promise<any[]> {
  const res = await t.call('GET', `/api/v1/integration-log?conversationId=${conversationId}`);
  expect(res.status).toBe(200);
  return res.body.entries;
}

async function refunds(): Promise<{ id: string; orderNumber: string; amount: number; reason: string }[]> {
  const res = await fetch(`${t.url}/demo-store/api/refunds`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { refunds: any[] }).refunds;
}

/** The tool results a request carries, in order, whatever the provider's format. */
function toolResults(request: ScriptedRequest): { id: string; content: string }[] {
  const out: { id: string; content: string }[] = [];
  for (const m of request.body.messages ?? []) {
    if (request.api === 'openai' && m.role === 'tool') out.push({ id: m.tool_call_id, content: m.content });
    if (request.api === 'anthropic' && m.role === 'user' && Array.isArray(m.content)) {
      for (const part of m.content) {
        if (part.type === 'tool_result')
          out.push({
            id: part.tool_use_id,
            content: typeof part.content === 'string' ? part.content : JSON.stringify(part.content),
          });
      }
    }
  }
  return out;
}

const lastToolResult = (request: ScriptedRequest) => {
  const last = toolResults(request).at(-1);
  expect(last).toBeDefined();
  return JSON.parse(last!.content);
};

function systemPrompt(request: ScriptedRequest): string {
  if (request.api === 'anthropic') return request.body.system.map((p: { text: string }) => p.text).join('\n');
  const system = request.body.messages.find((m: { role: string }) => m.role === 'system');
  return system.content;
}

function toolNames(request: ScriptedRequest): string[] {
  return (request.body.tools ?? []).map((tool: any) =>
    request.api === 'anthropic' ? tool.name : tool.function.name,
  );
}

/** Plain-text messages of a role, in order (customer or agent text as the model sees it). */
function textsOf(request: ScriptedRequest, role: 'user' | 'assistant'): string[] {
  const out: string[] = [];
  for (const m of request.body.messages ?? []) {
    if (m.role !== role) continue;
    if (typeof m.content === 'string') out.push(m.content);
    else if (Array.isArray(m.content))
      for (const part of m.content) if (part.type === 'text') out.push(part.text);
  }
  return out;
}

/**
 * What real providers reject and the scripted server does not check: every tool call is
 * answered by its results right after it (OpenAI and Anthropic), and a request whose
 * history holds tool blocks defines tools (Anthropic).
 */
function expectProviderContract(request: ScriptedRequest): void {
  const messages: any[] = request.body.messages ?? [];
  if (request.api === 'openai') {
    messages.forEach((m, i) => {
      const ids: string[] = (m.tool_calls ?? []).map((c: { id: string }) => c.id);
      if (m.role !== 'assistant' || ids.length === 0) return;
      const answered: string[] = [];
      for (let j = i + 1; j < messages.length && messages[j].role === 'tool'; j++)
        answered.push(messages[j].tool_call_id);
      expect(answered.sort(), `tool results right after message ${i}`).toEqual([...ids].sort());
    });
    return;
  }
  const blocks = (m: any, type: string): any[] =>
    Array.isArray(m.content) ? m.content.filter((p: { type: string }) => p.type === type) : [];
  if (messages.some((m) => blocks(m, 'tool_use').length > 0 || blocks(m, 'tool_result').length > 0))
    expect(request.body.tools?.length ?? 0, 'tools defined for a history with tool blocks').toBeGreaterThan(
      0,
    );
  messages.forEach((m, i) => {
    const ids: string[] = blocks(m, 'tool_use').map((p) => p.id);
    if (m.role !== 'assistant' || ids.length === 0) return;
    const next = messages[i + 1];
    expect(next?.role, `a user message answers message ${i}`).toBe('user');
    const answered = blocks(next, 'tool_result').map((p) => p.tool_use_id);
    expect(answered.sort(), `tool results right after message ${i}`).toEqual([...ids].sort());
  });
}

describe.each(providers)('LLM engine through the %s provider', (provider) => {
  test('order status: one store call, only mapped outputs reach the model, its reply is returned', async () => {
    const m = await useModel(provider, [
      { text: 'Let me look that up.', toolCalls: [{ name: 'order_status', args: { order_number: '1234' } }] },
      (request) => {
        const result = lastToolResult(request);
        return {
          text: `Order 1234 is ${result.outputs.status} and should arrive on ${result.outputs.eta} with ${result.outputs.carrier}.`,
        };
      },
    ]);
    const id = await startConversation();

    const turn = await send(id, 'Where is my order 1234?');
    expect(texts(turn)).toEqual(['Order 1234 is shipped and should arrive on 2026-11-25 with UPS.']);
    expect(turn.state).toBe('bot');
    expect(turn.trace.engine).toBe('llm');
    expect(turn.trace.llm?.toolCalls).toEqual([
      { name: 'order_status', args: { order_number: '1234' }, accepted: true },
    ]);
    expect(turn.trace.llm?.tokens).toBe(30);

    const log = await logOf(id);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      actionKey: 'order_status',
      status: 'ok',
      inputs: { order_number: '1234' },
    });

    expect(m.requests).toHaveLength(2);
    const results = toolResults(m.requests[1]!);
    expect(results).toHaveLength(1);
    const sent = JSON.parse(results[0]!.content);
    expect(sent).toEqual({ ok: true, outputs: { status: 'shipped', eta: '2026-11-25', carrier: 'UPS' } });
    // The store's answer has more than the action maps; none of it reaches the model.
    for (const unmapped of ['items', 'MUG-01', 'email', 'jane@example.com', 'trackingUrl', 'total', '59.9'])
      expect(results[0]!.content).not.toContain(unmapped);

    const conv = await conversation(id);
    expect(conv.tokensUsed).toBe(30);
    expect(conv.messages.map((x: { text: string }) => x.text).at(-1)).toBe(
      'Order 1234 is shipped and should arrive on 2026-11-25 with UPS.',
    );
  });

  test('refund: the model cannot skip confirmation; "yes" runs it exactly once and the model words the result', async () => {
    const m = await useModel(provider, [
      // The model says it is done and calls the write at once: the system asks instead.
      {
        text: 'Refunding that for you now!',
        toolCalls: [{ name: 'refund_order', args: { order_number: '1234', reason: 'arrived broken' } }],
      },
      (request) => {
        const result = lastToolResult(request);
        const { refund_id, amount, currency } = result.outputs;
        return { text: `Your refund ${refund_id} of ${amount} ${currency} is approved.` };
      },
      { text: 'Glad I could help. Anything else?' },
    ]);
    const id = await startConversation({ verified: true });
    const before = await refunds();

    const asked = await send(id, 'Refund order 1234, it arrived broken');
    expect(texts(asked)).toEqual([CONFIRM_REFUND_1234]);
    expect(asked.state).toBe('awaiting_confirmation');
    expect(asked.trace.gate).toBe('confirmation');
    expect(asked.trace.llm?.toolCalls).toEqual([
      { name: 'refund_order', args: { order_number: '1234', reason: 'arrived broken' }, accepted: true },
    ]);
    expect(await refunds()).toHaveLength(before.length);
    expect(await logOf(id)).toEqual([]);
    expect(m.requests).toHaveLength(1);

    const done = await send(id, 'yes', 'yes-1');
    const after = await refunds();
    expect(after).toHaveLength(before.length + 1);
    const refund = after.at(-1)!;
    expect(refund).toMatchObject({ orderNumber: '1234', amount: 59.9, reason: 'arrived broken' });
    expect(texts(done)).toEqual([`Your refund ${refund.id} of 59.9 USD is approved.`]);
    expect(done.state).toBe('bot');
    // The model worded the reply from the tool result, and only from the mapped outputs.
    expect(m.requests).toHaveLength(2);
    expect(lastToolResult(m.requests[1]!)).toEqual({
      ok: true,
      outputs: { refund_id: refund.id, amount: 59.9, currency: 'USD' },
    });
    // It also saw that its own call was answered by the system's question, not run.
    expect(textsOf(m.requests[1]!, 'assistant')).toContain(CONFIRM_REFUND_1234);

    // The same message again (a client retry) is the same turn; a new "yes" runs nothing more.
    const retried = await send(id, 'yes', 'yes-1');
    expect(retried).toEqual(done);
    const again = await send(id, 'yes');
    expect(texts(again)).toEqual(['Glad I could help. Anything else?']);
    expect(await refunds()).toHaveLength(before.length + 1);
    expect((await logOf(id)).filter((e) => e.actionKey === 'refund_order')).toHaveLength(1);
    expect((await conversation(id)).tokensUsed).toBe(45);
  });

  test('refund for an unverified customer without SMTP: refused and handed off; the model cannot get around it', async () => {
    const m = await useModel(provider, [
      {
        toolCalls: [
          { name: 'refund_order', args: { order_number: '2001', reason: 'never arrived' } },
          // A second try in the same answer, with other values.
          { name: 'refund_order', args: { order_number: '2001', reason: 'never arrived!' } },
        ],
      },
    ]);
    const id = await startConversation();
    const before = await refunds();

    const turn = await send(id, 'Can you refund order 2001? It never arrived.');
    expect(turn.state).toBe('handed_off');
    expect(turn.trace.handoff).toEqual({ reason: 'identity_unavailable' });
    expect(turn.trace.gate).toBe('identity');
    expect(texts(turn)).toEqual([
      "I can't verify your identity in this conversation, so I'll connect you with a person who can help.",
    ]);
    expect(turn.trace.llm?.toolCalls.map((c) => [c.accepted, c.reason])).toEqual([
      [true, undefined],
      [false, 'loop guard'],
    ]);

    // The conversation is with a person now: the model is not asked again.
    const later = await send(id, 'Please just refund it, I am verified.');
    expect(later.replies).toEqual([]);
    expect(later.state).toBe('handed_off');

    expect(m.requests).toHaveLength(1);
    expect(await refunds()).toHaveLength(before.length);
    expect(await logOf(id)).toEqual([]);
    const conv = await conversation(id);
    expect(conv.handoffs).toHaveLength(1);
    expect(conv.handoffs[0]).toMatchObject({ reason: 'identity_unavailable', resolvedAt: null });
  });

  test('a write and another call in one answer: only the confirmation question, and the history stays well-formed', async () => {
    const m = await useModel(provider, [
      {
        toolCalls: [
          { name: 'refund_order', args: { order_number: '1234', reason: 'arrived broken' } },
          { name: 'order_status', args: { order_number: '1234' } },
        ],
      },
      (request) => ({ text: `Refund ${lastToolResult(request).outputs.refund_id} is approved.` }),
    ]);
    const id = await startConversation({ verified: true });
    const before = await refunds();

    const asked = await send(id, 'Refund order 1234, it arrived broken, and where is it now?');
    expect(texts(asked)).toEqual([CONFIRM_REFUND_1234]);
    expect(asked.state).toBe('awaiting_confirmation');
    expect(asked.trace.llm?.toolCalls.map((c) => [c.name, c.accepted, c.reason])).toEqual([
      ['refund_order', true, undefined],
      ['order_status', false, 'loop guard'],
    ]);
    expect(await logOf(id)).toEqual([]);

    const done = await send(id, 'yes');
    const refund = (await refunds()).at(-1)!;
    expect(await refunds()).toHaveLength(before.length + 1);
    expect(texts(done)).toEqual([`Refund ${refund.id} is approved.`]);
    // Both calls were answered right after the model's message (checked for every request).
    expect(toolResults(m.requests[1]!).map((r) => JSON.parse(r.content))).toEqual([
      expect.objectContaining({ status: 'waiting_for_customer' }),
      { error: 'Not run: too many tool calls in this turn.' },
      expect.objectContaining({ ok: true }),
    ]);
  });

  test('a model that asks for the order number first, then calls the tool on the next turn', async () => {
    const m = await useModel(provider, [
      { text: 'Sure! What is your order number?' },
      { toolCalls: [{ name: 'order_status', args: { order_number: '1235' } }] },
      (request) => ({ text: `Order 1235 is ${lastToolResult(request).outputs.status}.` }),
    ]);
    const id = await startConversation();

    const first = await send(id, 'Where is my order?');
    expect(texts(first)).toEqual(['Sure! What is your order number?']);
    expect(first.state).toBe('bot');
    expect(await logOf(id)).toEqual([]);

    const second = await send(id, "It's 1235");
    expect(texts(second)).toEqual(['Order 1235 is processing.']);
    expect(await logOf(id)).toHaveLength(1);
    // The model saw the whole exchange.
    expect(textsOf(m.requests[1]!, 'user')).toEqual(['Where is my order?', "It's 1235"]);
    expect(textsOf(m.requests[1]!, 'assistant')).toEqual(['Sure! What is your order number?']);
    expect((await conversation(id)).tokensUsed).toBe(45);
  });

  test.each([
    ['a number instead of a string', 1234],
    ['a value failing the pattern', '12'],
  ])(
    'an argument of the wrong shape (%s) is not run; the model gets the error and its reply reaches the customer',
    async (_name, value) => {
      const m = await useModel(provider, [
        { toolCalls: [{ name: 'order_status', args: { order_number: value } }] },
        { text: 'Could you check the order number? It should have 4 to 6 digits.' },
      ]);
      const id = await startConversation();

      const turn = await send(id, 'Where is order 12?');
      expect(texts(turn)).toEqual(['Could you check the order number? It should have 4 to 6 digits.']);
      expect(turn.state).toBe('bot');
      expect(turn.trace.llm?.toolCalls).toEqual([
        { name: 'order_status', args: { order_number: value }, accepted: false, reason: 'invalid arguments' },
      ]);
      expect(await logOf(id)).toEqual([]);

      const error = lastToolResult(m.requests[1]!);
      expect(error.error).toMatch(/invalid arguments/i);
      expect(error.details).toEqual([{ path: 'order_number', message: expect.any(String) }]);
      expect(JSON.stringify(error)).not.toContain('"ok":true');
    },
  );

  test('an unknown tool is not run; the model is told and its reply reaches the customer', async () => {
    const m = await useModel(provider, [
      { toolCalls: [{ name: 'delete_account', args: { email: 'x@example.com' } }] },
      { text: "Sorry, I can't do that here." },
    ]);
    const id = await startConversation();

    const turn = await send(id, 'Delete my account');
    expect(texts(turn)).toEqual(["Sorry, I can't do that here."]);
    expect(turn.trace.llm?.toolCalls).toEqual([
      { name: 'delete_account', args: { email: 'x@example.com' }, accepted: false, reason: 'unknown tool' },
    ]);
    expect(lastToolResult(m.requests[1]!)).toEqual({ error: 'There is no tool "delete_account".' });
    expect(await logOf(id)).toEqual([]);
  });

  test('loop guard: a model that keeps calling the same tool is cut off after 2 identical calls and the turn ends', async () => {
    const again: ScriptedTurn = { toolCalls: [{ name: 'order_status', args: { order_number: '1234' } }] };
    const m = await useModel(
      provider,
      Array.from({ length: 10 }, () => again),
    );
    const id = await startConversation();

    const turn = await send(id, 'Where is my order 1234?');
    expect(texts(turn)).toEqual([
      "Sorry, that didn't work on our side. I'm connecting you with a person from our team who can help.",
    ]);
    expect(turn.state).toBe('handed_off');
    expect(turn.trace.handoff).toEqual({ reason: 'repeated_failure' });
    expect(turn.trace.llm?.toolCalls.filter((c) => c.accepted)).toHaveLength(2);
    expect(turn.trace.llm?.toolCalls.filter((c) => !c.accepted).map((c) => c.reason)).toEqual(
      expect.arrayContaining(['loop guard']),
    );
    expect(await logOf(id)).toHaveLength(2);
    // The model is not asked forever.
    expect(m.remaining()).toBeGreaterThan(0);
    expect(lastToolResult(m.requests.at(-1)!)).toEqual({
      error: 'Not run: too many tool calls in this turn.',
    });
  });

  test('the model hands off: state handed_off, reason llm_decided, a summary for the person', async () => {
    const m = await useModel(provider, [
      {
        toolCalls: [
          {
            name: 'handoff_to_human',
            args: { reason: 'The parcel arrived damaged and the customer is upset.' },
          },
        ],
      },
    ]);
    const id = await startConversation();

    const turn = await send(id, 'My parcel arrived smashed and I am really upset');
    expect(turn.state).toBe('handed_off');
    expect(turn.trace.handoff).toEqual({ reason: 'llm_decided' });
    expect(texts(turn)).toEqual([
      "I'm connecting you with a person from our team. They'll see our conversation so far.",
    ]);
    expect(toolNames(m.requests[0]!)).toContain('handoff_to_human');

    const conv = await conversation(id);
    expect(conv.state).toBe('handed_off');
    expect(conv.handoffs).toHaveLength(1);
    expect(conv.handoffs[0].reason).toBe('llm_decided');
    expect(conv.handoffs[0].summary).toContain('the AI decided a person should take over');
    expect(conv.handoffs[0].summary).toContain(
      'First request: My parcel arrived smashed and I am really upset',
    );

    expect((await send(id, 'Hello?')).replies).toEqual([]);
    expect(m.requests).toHaveLength(1);
  });

  test('"I want a human" hands off without asking the model', async () => {
    const m = await useModel(provider, []);
    const id = await startConversation();

    const turn = await send(id, 'I want a human');
    expect(turn.state).toBe('handed_off');
    expect(turn.trace.handoff).toEqual({ reason: 'customer_request' });
    expect(m.requests).toHaveLength(0);
    const conv = await conversation(id);
    expect(conv.handoffs.map((h: { reason: string }) => h.reason)).toEqual(['customer_request']);
    expect(conv.tokensUsed).toBe(0);
  });

  // The SDK backs off before retrying a refused connection: once is enough for this one.
  test.runIf(provider === 'openai-compatible')(
    'the model server is gone: the turn falls back to the built-in engine',
    async () => {
      const m = await useModel(provider, [{ text: 'never played' }]);
      await m.close();
      const id = await startConversation();

      const turn = await send(id, 'Where is my order?');
      expect(turn.trace.engine).toBe('builtin');
      expect(texts(turn)).toEqual(['What is your order number? (4 to 6 digits, e.g. 1234)']);
      expect(turn.state).toBe('awaiting_input');

      // Still down: the built-in engine carries on with what it asked.
      const next = await send(id, '1234');
      expect(texts(next)).toEqual(['Order 1234 is shipped. It should arrive on 2026-11-25 with UPS.']);
      expect(await logOf(id)).toHaveLength(1);
    },
  );

  test('the model answers 500: the turn falls back to the built-in engine; when it is back it has the context', async () => {
    const failure = { error: { status: 500, message: 'internal error' } };
    const m = await useModel(provider, [
      failure,
      failure,
      (request) => ({
        text: textsOf(request, 'assistant').includes('What is your order number? (4 to 6 digits, e.g. 1234)')
          ? 'Thanks, that is all I needed.'
          : 'I lost track of the conversation.',
      }),
    ]);
    const id = await startConversation();

    const turn = await send(id, 'Where is my order?');
    expect(turn.trace.engine).toBe('builtin');
    expect(texts(turn)).toEqual(['What is your order number? (4 to 6 digits, e.g. 1234)']);
    expect(m.requests).toHaveLength(2);
    expect(m.remaining()).toBe(1);

    // The model is back: the answer to the built-in engine's question is not lost.
    const next = await send(id, '1234');
    expect(texts(next)).toEqual(['Order 1234 is shipped. It should arrive on 2026-11-25 with UPS.']);
    expect(next.state).toBe('bot');
    expect(await logOf(id)).toHaveLength(1);

    const after = await send(id, 'ok');
    expect(texts(after)).toEqual(['Thanks, that is all I needed.']);
  });

  test.runIf(provider === 'openai-compatible')(
    'after a fallback offered a person, "yes" hands off without asking the model',
    async () => {
      const failure = { error: { status: 500, message: 'internal error' } };
      const m = await useModel(provider, [failure, failure]);
      const id = await startConversation();

      const offered = await send(id, 'Tell me a joke about penguins');
      expect(offered.trace.engine).toBe('builtin');
      expect(texts(offered)).toEqual([
        "Sorry, I can't help with that. Would you like me to connect you with a person?",
      ]);

      const turn = await send(id, 'yes');
      expect(turn.state).toBe('handed_off');
      expect(turn.trace.handoff).toEqual({ reason: 'customer_request' });
      expect(m.requests).toHaveLength(2);
    },
  );

  test('guidelines, response instructions and the tools with their schemas are sent to the model', async () => {
    const m = await useModel(provider, [{ text: 'Hello! How can I help?' }]);
    const id = await startConversation();
    await send(id, 'Hi');

    const request = m.requests[0]!;
    const system = systemPrompt(request);
    expect(system).toContain('You are Demo Store Assistant');
    expect(system).toContain('Tone: friendly and concise.');
    expect(system).toContain('- Never promise a refund before it is confirmed.');
    expect(system).toContain(
      'When you reply with its result: Say the status; give the delivery date and carrier when there is one.',
    );
    expect(system).toContain('- refund_order (write)');
    expect(system).toContain('- Identity: not verified');

    expect(toolNames(request).sort()).toEqual(
      ['handoff_to_human', 'order_status', 'refund_order', 'reset_password'].sort(),
    );
    const orderStatus = (request.body.tools as any[]).find((x) =>
      request.api === 'anthropic' ? x.name === 'order_status' : x.function.name === 'order_status',
    );
    const schema = request.api === 'anthropic' ? orderStatus.input_schema : orderStatus.function.parameters;
    expect(schema).toMatchObject({
      type: 'object',
      properties: { order_number: { type: 'string', pattern: '^(?:^[0-9]{4,6}$)$' } },
      required: ['order_number'],
    });
  });
});
