import { describe, expect, test } from 'vitest';
import { llmConfigSchema } from './config.ts';

describe('llmConfigSchema', () => {
  test('applies a temperature of 0 by default and keeps the rest', () => {
    expect(llmConfigSchema.parse({ provider: 'anthropic', model: 'claude-sonnet-4-5', apiKey: 'k' })).toEqual(
      {
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        apiKey: 'k',
        temperature: 0,
      },
    );
  });

  test('accepts a local OpenAI-compatible server without a key', () => {
    const config = llmConfigSchema.parse({
      provider: 'openai-compatible',
      model: 'llama3.1',
      baseUrl: 'http://localhost:11434/v1',
      temperature: 0.2,
      maxOutputTokens: 800,
    });
    expect(config).toMatchObject({
      baseUrl: 'http://localhost:11434/v1',
      temperature: 0.2,
      maxOutputTokens: 800,
    });
  });

  test.each([
    [{ provider: 'openai-compatible', model: 'm' }, 'baseUrl'],
    [{ provider: 'openai', model: 'm', baseUrl: 'not a url' }, 'baseUrl'],
    [{ provider: 'openai', model: 'm', baseUrl: 'ftp://example.com/v1' }, 'baseUrl'],
    [{ provider: 'cohere', model: 'm' }, 'provider'],
    [{ provider: 'openai', model: ' ' }, 'model'],
    [{ provider: 'openai', model: 'm', temperature: 3 }, 'temperature'],
    [{ provider: 'openai', model: 'm', maxOutputTokens: 1.5 }, 'maxOutputTokens'],
  ])('rejects %j at %s', (input, path) => {
    const result = llmConfigSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});
