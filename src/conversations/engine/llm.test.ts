import { describe, expect, test } from 'vitest';
import { conversation, fakePorts, scriptedModel } from '../../../test/support/engine-fakes.ts';

/** The LLM engine (C3) with a scripted model port: the same gates and handoffs as the built-in engine. */

const CONFIRM =
  "To confirm: I'm about to refund an order (order number: 1234, reason: arrived broken). Shall I go ahead? (yes / no)";
const refundCall = { name: 'refund_order', args: { order_number: '1234', reason: 'arrived broken' } };
const lastResult = (req: { messages: unknown[] }) => (req.messages.at(-1) as { result: any }).result;

describe('LLM engine', () => {
  test('a read tool runs, only its outputs go back, and the model words the reply', async () => {
    const model = scriptedModel([
      { toolCalls: [{ id: 'c1', name: 'order_status', args: { order_number: '1234' } }] },
      (req) => ({ text: `It is ${lastResult(req).outputs.status}.` }),
    ]);
    const ports = fakePorts({
      model,
      outcomes: { order_status: { ok: true, outputs: { status: 'shipped' } } },
    });
    const turn = await conversation(ports).send('where is 1234?');
    expect(turn.texts).toEqual(['It is shipped.']);
    expect(turn.trace.engine).toBe('llm');
    expect(turn.tokens).toBe(30);
    expect(turn.trace.llm).toEqual({
      toolCalls: [{ name: 'order_status', args: { order_number: '1234' }, accepted: true }],
      tokens: 30,
    });
    expect(turn.memory.llm?.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
  });

  test('a write waits for the confirmation gate; "yes" runs it once and the model words the result', async () => {
    const model = scriptedModel([
      { text: 'Refunding now!', toolCalls: [refundCall] },
      (req) => ({ text: `Refund ${lastResult(req).outputs.refund_id} approved.` }),
    ]);
    const ports = fakePorts({
      model,
      verified: true,
      outcomes: { refund_order: { ok: true, outputs: { refund_id: 'rf_9' } } },
    });
    const c = conversation(ports);
    const asked = await c.send('refund 1234, it arrived broken');
    expect(asked.texts).toEqual([CONFIRM]);
    expect(asked.state).toBe('awaiting_confirmation');
    expect(asked.memory.pending?.toolCallId).toBeDefined();
    expect(ports.runs).toEqual([]);
    const done = await c.send('yes');
    expect(done.texts).toEqual(['Refund rf_9 approved.']);
    expect(ports.runs).toHaveLength(1);
    // The model saw its call answered by the system's question.
    const seen = model.requests[1]!.messages.filter((m) => m.role === 'assistant').map((m) => m.content);
    expect(seen).toContain(CONFIRM);
  });

  test('identity by code in LLM mode: the gate asks, the code verifies, then confirmation', async () => {
    const model = scriptedModel([{ toolCalls: [refundCall] }]);
    const ports = fakePorts({ model });
    const c = conversation(ports);
    expect((await c.send('refund 1234, it arrived broken')).trace.gate).toBe('identity');
    const verified = await c.send('123456');
    expect(verified.texts).toEqual(['Thanks, you are verified.', CONFIRM]);
    expect(model.requests).toHaveLength(1);
  });

  test('an unknown tool and invalid arguments are not run; the model is told', async () => {
    const model = scriptedModel([
      {
        toolCalls: [
          { name: 'delete_account', args: {} },
          { name: 'order_status', args: { order_number: '12' } },
        ],
      },
      { text: 'Which order number?' },
    ]);
    const ports = fakePorts({ model });
    const turn = await conversation(ports).send('help');
    expect(turn.texts).toEqual(['Which order number?']);
    expect(turn.trace.llm?.toolCalls.map((c) => c.reason)).toEqual(['unknown tool', 'invalid arguments']);
    expect(ports.runs).toEqual([]);
  });

  test('loop guard: the same call is cut off after two, and the turn goes to a person', async () => {
    const again = { toolCalls: [{ name: 'order_status', args: { order_number: '1234' } }] };
    const model = scriptedModel(Array.from({ length: 10 }, () => again));
    const ports = fakePorts({
      model,
      outcomes: { order_status: { ok: true, outputs: { status: 'shipped' } } },
    });
    const turn = await conversation(ports).send('where is 1234?');
    expect(turn.handoff).toBe('repeated_failure');
    expect(ports.runs).toHaveLength(2);
    expect(turn.trace.llm?.toolCalls.filter((c) => !c.accepted).map((c) => c.reason)).toContain('loop guard');
    expect(model.requests.length).toBeLessThanOrEqual(4);
  });

  test('the model decides to hand off, in its own words', async () => {
    const model = scriptedModel([
      {
        text: 'Let me get a colleague.',
        toolCalls: [{ name: 'handoff_to_human', args: { reason: 'upset' } }],
      },
    ]);
    const turn = await conversation(fakePorts({ model })).send('this is a disaster');
    expect(turn.handoff).toBe('llm_decided');
    expect(turn.texts).toEqual(['Let me get a colleague.']);
  });

  test('a failed gated run hands off as action_failed without asking the model', async () => {
    const model = scriptedModel([{ toolCalls: [refundCall] }]);
    const ports = fakePorts({
      model,
      verified: true,
      outcomes: {
        refund_order: { ok: false, outputs: {}, error: { class: 'http_status', message: 'HTTP 500' } },
      },
    });
    const c = conversation(ports);
    await c.send('refund 1234, it arrived broken');
    expect((await c.send('yes')).handoff).toBe('action_failed');
    expect(model.requests).toHaveLength(1);
  });
});

describe('fallback when the model port throws llm_unavailable', () => {
  test('the built-in engine answers from the memory as it was; the exchange enters the history', async () => {
    const model = scriptedModel(['down', { text: 'Back. Anything else?' }]);
    const ports = fakePorts({
      model,
      outcomes: { order_status: { ok: true, outputs: { status: 'shipped' } } },
    });
    const c = conversation(ports, {
      llm: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'Hello!' },
      ],
    });
    const down = await c.send('where is my order?');
    expect(down.trace.engine).toBe('builtin');
    expect(down.trace.llm).toEqual({ toolCalls: [], tokens: 0 });
    expect(down.texts).toEqual(['What is your order number? (4 to 6 digits, e.g. 1234)']);
    expect(down.memory.llm).toEqual([
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'Hello!' },
      { role: 'user', content: 'where is my order?' },
      { role: 'assistant', content: 'What is your order number? (4 to 6 digits, e.g. 1234)' },
    ]);
    // Back up: the answer to the built-in question goes to the same gate, worded the built-in way.
    const next = await c.send('1234');
    expect(next.trace.engine).toBe('llm');
    expect(next.texts).toEqual(['Order 1234 is shipped.']);
    expect(model.requests).toHaveLength(1);
    expect((await c.send('ok')).texts).toEqual(['Back. Anything else?']);
  });

  test('the model going down after a read ran: the turn is the built-in one, tokens spent are counted', async () => {
    const model = scriptedModel([
      { toolCalls: [{ name: 'order_status', args: { order_number: '1234' } }] },
      'down',
    ]);
    const ports = fakePorts({
      model,
      outcomes: { order_status: { ok: true, outputs: { status: 'shipped' } } },
    });
    const turn = await conversation(ports).send('where is my order 1234?');
    expect(turn.trace.engine).toBe('builtin');
    expect(turn.texts).toEqual(['Order 1234 is shipped.']);
    expect(turn.tokens).toBe(15);
  });

  test('other errors are not swallowed', async () => {
    const model = { step: async () => Promise.reject(new Error('bug')) };
    await expect(conversation(fakePorts({ model })).send('hello')).rejects.toThrow('bug');
  });
});

describe('the same message gets the same handoff decision in both engines', () => {
  const cases: [string, string | undefined][] = [
    ['This is illegal!', undefined],
    ['I need legal advice about this', 'topic:legal'],
    ['My lawyers will be in touch', 'topic:lawyer'],
    ['I want to speak to a human', 'customer_request'],
    ['where is my order 1234', undefined],
  ];
  test.each(cases)('%s', async (text, expected) => {
    const topics = ['legal', 'lawyer'];
    const builtin = await conversation(fakePorts({ handoffTopics: topics })).send(text);
    const model = scriptedModel([{ text: 'Sure, let me help.' }]);
    const llm = await conversation(fakePorts({ handoffTopics: topics, model })).send(text);
    expect(builtin.handoff).toBe(expected);
    expect(llm.handoff).toBe(expected);
    // A handoff the message itself asks for never reaches the model.
    expect(model.requests).toHaveLength(expected ? 0 : 1);
  });
});
