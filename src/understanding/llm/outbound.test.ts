import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ScriptedModel, startScriptedModel } from '../../../test/support/scripted-model.ts';
import { llmConfigSchema } from './config.ts';
import { configureModelOutbound } from './outbound.ts';
import { llmStep } from './step.ts';

const providers = ['openai', 'openai-compatible', 'anthropic'] as const;

describe('model calls obey the outbound address policy', () => {
  let model: ScriptedModel;
  beforeAll(async () => {
    model = await startScriptedModel(Array.from({ length: 10 }, () => ({ text: 'hello' })));
  });
  afterAll(async () => {
    await model.close();
  });

  test.each(providers)('%s: a loopback base URL is refused before anything is sent', async (provider) => {
    configureModelOutbound({});
    const config = llmConfigSchema.parse({
      provider,
      model: 'claude-sonnet-4-5',
      baseUrl: model.url,
      apiKey: 'sk-x',
    });
    const error = await llmStep({
      config,
      system: 's',
      messages: [{ role: 'user', content: 'hi' }],
      tools: [],
    }).then(
      () => undefined,
      (e: unknown) => e as { code?: string; message: string },
    );
    expect(error?.code).toBe('llm_unavailable');
    expect(error?.message).toMatch(/refused/);
    expect(model.requests).toEqual([]);
  });

  test('a cloud metadata address is refused', async () => {
    configureModelOutbound({});
    const config = llmConfigSchema.parse({
      provider: 'openai',
      model: 'gpt',
      baseUrl: 'http://169.254.169.254/v1',
    });
    await expect(
      llmStep({ config, system: 's', messages: [{ role: 'user', content: 'hi' }], tools: [], maxRetries: 0 }),
    ).rejects.toMatchObject({ code: 'llm_unavailable' });
  });

  test('the operator-allowed host is reached through the same client', async () => {
    configureModelOutbound({ devHosts: new URL(model.url).host });
    const config = llmConfigSchema.parse({ provider: 'openai', model: 'gpt-4o-mini', baseUrl: model.url });
    const out = await llmStep({
      config,
      system: 's',
      messages: [{ role: 'user', content: 'hi' }],
      tools: [],
    });
    expect(out.text).toBe('hello');
    expect(model.requests).toHaveLength(1);
  });

  test('NUL and lone surrogates in a model answer are replaced before anything stores them', async () => {
    const dirty = await startScriptedModel([
      { text: 'a\u0000b\ud800', toolCalls: [{ name: 'lookup', args: { id: 'x\u0000y' } }] },
    ]);
    try {
      configureModelOutbound({ devHosts: new URL(dirty.url).host });
      const config = llmConfigSchema.parse({ provider: 'openai', model: 'gpt-4o-mini', baseUrl: dirty.url });
      const tools = [{ name: 'lookup', description: 'd', parameters: { type: 'object', properties: {} } }];
      const out = await llmStep({ config, system: 's', messages: [{ role: 'user', content: 'hi' }], tools });
      expect(out.text).toBe('a\uFFFDb\uFFFD');
      expect(out.toolCalls[0]?.args).toEqual({ id: 'x\uFFFDy' });
    } finally {
      await dirty.close();
    }
  });
});
