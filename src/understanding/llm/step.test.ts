import { afterEach, describe, expect, test } from 'vitest';
import {
  type ScriptedModel,
  type ScriptedTurn,
  startScriptedModel,
} from '../../../test/support/scripted-model.ts';
import { type LlmConfig, llmConfigSchema } from './config.ts';
import { configureModelOutbound } from './outbound.ts';
import { handoffTool } from './prompt.ts';
import { type LlmMessage, type LlmTool, llmStep } from './step.ts';

// The scripted model listens on loopback: allowed as an operator would allow a local model.
configureModelOutbound({ devHosts: '127.0.0.1' });

const lookupOrder: LlmTool = {
  name: 'lookup_order',
  description: 'Finds an order by its number.',
  parameters: {
    type: 'object',
    properties: {
      order_id: { type: 'string', pattern: '^A-\\d+$', description: 'Order number, e.g. A-1001' },
      email: { type: 'string', format: 'email' },
      items: { type: 'array', items: { type: 'integer', minimum: 1 }, maxItems: 5 },
    },
    required: ['order_id'],
    additionalProperties: false,
  },
};

const providers = ['openai', 'openai-compatible', 'anthropic'] as const;
type Provider = (typeof providers)[number];

// A model id the Anthropic client knows, so it picks real output limits without a warning.
const modelId = (provider: Provider) => (provider === 'anthropic' ? 'claude-sonnet-4-5' : 'gpt-4o-mini');

let model: ScriptedModel | undefined;
afterEach(async () => {
  await model?.close();
  model = undefined;
});

async function scripted(provider: Provider, script: ScriptedTurn[], extra: Partial<LlmConfig> = {}) {
  model = await startScriptedModel(script);
  const config = llmConfigSchema.parse({
    provider,
    model: modelId(provider),
    baseUrl: model.url,
    apiKey: 'sk-test-key',
    ...extra,
  });
  return { model, config };
}

const ask = (content: string): LlmMessage[] => [{ role: 'user', content }];

describe.each(providers)('llmStep through the %s provider', (provider) => {
  test('returns a text answer', async () => {
    const { config } = await scripted(provider, [{ text: 'Our store opens at 9.' }]);
    const result = await llmStep({
      config,
      system: 'You help.',
      messages: ask('When do you open?'),
      tools: [],
    });
    expect(result.text).toBe('Our store opens at 9.');
    expect(result.toolCalls).toEqual([]);
  });

  test('returns the tool calls with their args instead of running them', async () => {
    const { config } = await scripted(provider, [
      {
        toolCalls: [
          { name: 'lookup_order', args: { order_id: 'A-1001', items: [2, 3] } },
          { name: 'handoff_to_human', args: { reason: 'wants a person' } },
        ],
      },
    ]);
    const result = await llmStep({
      config,
      system: 'You help.',
      messages: ask('Where is order A-1001? And let me talk to someone.'),
      tools: [lookupOrder, handoffTool],
    });
    expect(result.text).toBe('');
    expect(result.toolCalls).toEqual([
      { id: expect.any(String), name: 'lookup_order', args: { order_id: 'A-1001', items: [2, 3] } },
      { id: expect.any(String), name: 'handoff_to_human', args: { reason: 'wants a person' } },
    ]);
    expect(new Set(result.toolCalls.map((c) => c.id)).size).toBe(2);
  });

  test('passes args and names that break the schema through untouched, for the caller to reject', async () => {
    const { config } = await scripted(provider, [
      {
        toolCalls: [
          { name: 'lookup_order', args: { order_id: 1001, extra: true } },
          { name: 'delete_everything', args: {} },
        ],
      },
    ]);
    const result = await llmStep({ config, system: 's', messages: ask('hi'), tools: [lookupOrder] });
    expect(result.toolCalls.map(({ name, args }) => ({ name, args }))).toEqual([
      { name: 'lookup_order', args: { order_id: 1001, extra: true } },
      { name: 'delete_everything', args: {} },
    ]);
  });

  test('sends the system prompt, the tools with their JSON schemas intact, and the settings', async () => {
    const { model, config } = await scripted(provider, [{ text: 'ok' }], {
      temperature: 0.3,
      maxOutputTokens: 321,
    });
    await llmStep({
      config,
      system: 'You are Ava.\nNever promise refunds.',
      messages: ask('hi'),
      tools: [lookupOrder, handoffTool],
    });
    const body = model.requests[0]!.body;
    expect(body.model).toBe(modelId(provider));
    expect(body.temperature).toBe(0.3);
    if (provider === 'anthropic') {
      expect(body.max_tokens).toBe(321);
      expect(body.system).toEqual([{ type: 'text', text: 'You are Ava.\nNever promise refunds.' }]);
      expect(body.tools).toEqual([
        { name: 'lookup_order', description: lookupOrder.description, input_schema: lookupOrder.parameters },
        {
          name: 'handoff_to_human',
          description: handoffTool.description,
          input_schema: handoffTool.parameters,
        },
      ]);
    } else {
      expect(body.max_tokens).toBe(321);
      expect(body.messages[0]).toEqual({ role: 'system', content: 'You are Ava.\nNever promise refunds.' });
      expect(body.tools).toEqual([
        {
          type: 'function',
          function: {
            name: 'lookup_order',
            description: lookupOrder.description,
            parameters: lookupOrder.parameters,
          },
        },
        {
          type: 'function',
          function: {
            name: 'handoff_to_human',
            description: handoffTool.description,
            parameters: handoffTool.parameters,
          },
        },
      ]);
    }
  });

  test('sends the configured key and defaults the temperature to 0', async () => {
    const { model, config } = await scripted(provider, [{ text: 'ok' }]);
    expect(config.temperature).toBe(0);
    await llmStep({ config, system: 's', messages: ask('hi'), tools: [] });
    const { headers, body } = model.requests[0]!;
    if (provider === 'anthropic') expect(headers['x-api-key']).toBe('sk-test-key');
    else expect(headers.authorization).toBe('Bearer sk-test-key');
    expect(body.temperature).toBe(0);
  });

  test('returns the token usage', async () => {
    const { config } = await scripted(provider, [{ text: 'ok', usage: { input: 1234, output: 56 } }]);
    const result = await llmStep({ config, system: 's', messages: ask('hi'), tools: [] });
    expect(result.usage).toEqual({ inputTokens: 1234, outputTokens: 56 });
  });

  test('a tool call and its result in the history reach the model in its own format', async () => {
    const { model, config } = await scripted(provider, [
      { text: 'Let me check.', toolCalls: [{ name: 'lookup_order', args: { order_id: 'A-7' } }] },
      (request) => {
        const last = JSON.stringify(request.lastMessage);
        return { text: last.includes('shipped') ? 'Your order has shipped.' : 'I could not find it.' };
      },
    ]);
    const history: LlmMessage[] = ask('Where is A-7?');
    const first = await llmStep({ config, system: 's', messages: history, tools: [lookupOrder] });
    const call = first.toolCalls[0]!;
    history.push(
      { role: 'assistant', content: first.text, toolCalls: first.toolCalls },
      {
        role: 'tool',
        toolCallId: call.id,
        toolName: call.name,
        result: { status: 'shipped', carrier: 'DHL' },
      },
    );
    const second = await llmStep({ config, system: 's', messages: history, tools: [lookupOrder] });
    expect(second.text).toBe('Your order has shipped.');

    const sent = model.requests[1]!.body.messages;
    if (provider === 'anthropic') {
      expect(sent).toEqual([
        { role: 'user', content: [{ type: 'text', text: 'Where is A-7?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Let me check.' },
            { type: 'tool_use', id: call.id, name: 'lookup_order', input: { order_id: 'A-7' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: call.id, content: '{"status":"shipped","carrier":"DHL"}' },
          ],
        },
      ]);
    } else {
      expect(sent).toEqual([
        { role: 'system', content: 's' },
        { role: 'user', content: 'Where is A-7?' },
        {
          role: 'assistant',
          content: 'Let me check.',
          tool_calls: [
            {
              id: call.id,
              type: 'function',
              function: { name: 'lookup_order', arguments: '{"order_id":"A-7"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: call.id, content: '{"status":"shipped","carrier":"DHL"}' },
      ]);
    }
  });

  test('several results of one assistant turn follow it together', async () => {
    const { model, config } = await scripted(provider, [{ text: 'Both found.' }]);
    await llmStep({
      config,
      system: 's',
      messages: [
        ...ask('A-1 and A-2?'),
        {
          role: 'assistant',
          content: '',
          toolCalls: [
            { id: 'c1', name: 'lookup_order', args: { order_id: 'A-1' } },
            { id: 'c2', name: 'lookup_order', args: { order_id: 'A-2' } },
          ],
        },
        { role: 'tool', toolCallId: 'c1', toolName: 'lookup_order', result: 'shipped' },
        { role: 'tool', toolCallId: 'c2', toolName: 'lookup_order', result: { status: 'pending' } },
      ],
      tools: [lookupOrder],
    });
    const sent = model.requests[0]!.body.messages;
    if (provider === 'anthropic') {
      expect(sent.at(-1)).toEqual({
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'c1', content: 'shipped' },
          { type: 'tool_result', tool_use_id: 'c2', content: '{"status":"pending"}' },
        ],
      });
    } else {
      expect(sent.slice(-2)).toEqual([
        { role: 'tool', tool_call_id: 'c1', content: 'shipped' },
        { role: 'tool', tool_call_id: 'c2', content: '{"status":"pending"}' },
      ]);
    }
  });
});
