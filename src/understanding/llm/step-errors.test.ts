import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { type ScriptedModel, startScriptedModel } from '../../../test/support/scripted-model.ts';
import { AppError } from '../../shared/errors.ts';
import { llmConfigSchema } from './config.ts';
import { configureModelOutbound } from './outbound.ts';
import { llmStep } from './step.ts';

// The scripted model listens on loopback: allowed as an operator would allow a local model.
configureModelOutbound({ devHosts: '127.0.0.1' });

const KEY = 'sk-live-Zq81mWv0secretKEY42';
const providers = ['openai', 'openai-compatible', 'anthropic'] as const;
type Provider = (typeof providers)[number];

const configFor = (provider: Provider, baseUrl: string, apiKey = KEY) =>
  llmConfigSchema.parse({ provider, model: 'claude-sonnet-4-5', baseUrl, apiKey });

const messages = [{ role: 'user' as const, content: 'hi' }];

let model: ScriptedModel | undefined;
afterEach(async () => {
  await model?.close();
  model = undefined;
});

/** The rejection of `promise`, asserted to be llm_unavailable and free of the key anywhere. */
async function unavailable(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the step to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect(appError.code).toBe('llm_unavailable');
  expect(appError.kind).toBe('upstream_failed');
  const everything = `${appError.message} ${JSON.stringify(appError.toJSON())}`;
  expect(everything).not.toContain(KEY);
  expect(everything).not.toContain('Zq81mWv0');
  return appError;
}

describe.each(providers)('llmStep failures through the %s provider', (provider) => {
  test('a rejected key (401) is llm_unavailable without the key', async () => {
    model = await startScriptedModel([{ text: 'never' }], { apiKey: 'sk-the-right-one' });
    const error = await unavailable(
      llmStep({ config: configFor(provider, model.url), system: 's', messages, tools: [] }),
    );
    expect(error.message).toBe(
      'The language model is unavailable: the provider rejected the API key (HTTP 401).',
    );
    // The provider echoed the key; the admin still gets its words, redacted.
    expect(error.details[0]?.message).toContain('Incorrect API key provided: [redacted]');
    expect(model.requests).toHaveLength(1);
    expect(model.remaining()).toBe(1);
  });

  test('a refused connection is llm_unavailable naming the host only', async () => {
    const closed = await startScriptedModel([]);
    await closed.close();
    const error = await unavailable(
      llmStep({ config: configFor(provider, closed.url), system: 's', messages, tools: [], maxRetries: 0 }),
    );
    expect(error.message).toBe(
      `The language model is unavailable: cannot connect to ${new URL(closed.url).host}.`,
    );
  });

  test('a server error is llm_unavailable once the retries are spent', async () => {
    model = await startScriptedModel([
      { error: { status: 503, message: 'overloaded' } },
      { error: { status: 503, message: 'still overloaded' } },
    ]);
    const error = await unavailable(
      llmStep({ config: configFor(provider, model.url), system: 's', messages, tools: [], maxRetries: 1 }),
    );
    expect(error.message).toBe('The language model is unavailable: the provider failed (HTTP 503).');
    expect(error.details[0]?.message).toContain('still overloaded');
    expect(model.requests).toHaveLength(2);
  });

  test('a passing server error is retried', async () => {
    model = await startScriptedModel([
      { error: { status: 502, message: 'bad gateway' } },
      { text: 'Back again.' },
    ]);
    const result = await llmStep({
      config: configFor(provider, model.url),
      system: 's',
      messages,
      tools: [],
      maxRetries: 1,
    });
    expect(result.text).toBe('Back again.');
  });

  test('a script that ran out says so', async () => {
    model = await startScriptedModel([]);
    const error = await unavailable(
      llmStep({ config: configFor(provider, model.url), system: 's', messages, tools: [], maxRetries: 0 }),
    );
    expect(error.details[0]?.message).toContain('the script has no turn left for request #1');
  });
});

describe('llmStep timeouts and aborts', () => {
  const silent = async () => {
    // Accepts the request and never answers, so only the step's own limit can end the call.
    const server = createServer(() => {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}/v1`,
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  };

  test('a model that does not answer in time is llm_unavailable', async () => {
    const server = await silent();
    try {
      const error = await unavailable(
        llmStep({
          config: configFor('openai', server.url),
          system: 's',
          messages,
          tools: [],
          timeoutMs: 200,
          maxRetries: 0,
        }),
      );
      expect(error.message).toBe(
        'The language model is unavailable: the model did not answer within 200 ms.',
      );
    } finally {
      await server.close();
    }
  });

  test("the caller's abort is rethrown as is, not reported as an outage", async () => {
    const server = await silent();
    const controller = new AbortController();
    try {
      const step = llmStep({
        config: configFor('anthropic', server.url),
        system: 's',
        messages,
        tools: [],
        abortSignal: controller.signal,
      });
      controller.abort();
      const error = await step.catch((e: unknown) => e);
      expect(error).not.toBeInstanceOf(AppError);
      expect((error as Error).name).toBe('AbortError');
    } finally {
      await server.close();
    }
  });
});

describe('llmStep with a fetch override', () => {
  test('uses it, and an answer that is not the provider JSON is llm_unavailable', async () => {
    const seen: string[] = [];
    const fetchOverride: typeof fetch = async (url) => {
      seen.push(String(url));
      return new Response('<html>Proxy login</html>', {
        status: 200,
        headers: { 'content-type': 'text/html' },
      });
    };
    for (const provider of providers) {
      const error = await unavailable(
        llmStep({
          config: configFor(provider, 'http://model.invalid/v1'),
          system: 's',
          messages,
          tools: [],
          fetch: fetchOverride,
          maxRetries: 0,
        }),
      );
      expect(error.message).toBe('The language model is unavailable: its answer could not be read.');
    }
    expect(seen).toEqual([
      'http://model.invalid/v1/chat/completions',
      'http://model.invalid/v1/chat/completions',
      'http://model.invalid/v1/messages',
    ]);
  });
});
