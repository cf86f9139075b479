import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import type { LlmConfig } from './config.ts';

export interface ProviderOptions {
  /** Replaces the global fetch, e.g. to route through an outbound policy. */
  fetch?: typeof fetch;
}

/**
 * The AI SDK model for an agent's config. Base URL and key are always passed explicitly
 * (an empty key when none is set) so the SDK never falls back to OPENAI_API_KEY or
 * ANTHROPIC_BASE_URL from the server's environment: one account's agent must not spend
 * the operator's key or reach a host it did not configure.
 */
export function languageModelFor(config: LlmConfig, options: ProviderOptions = {}): LanguageModel {
  const fetchOption = options.fetch ? { fetch: options.fetch } : {};
  switch (config.provider) {
    case 'openai':
      // `.chat` pins the chat-completions API, which OpenAI-compatible servers implement;
      // the default Responses API is OpenAI-only.
      return createOpenAI({
        baseURL: config.baseUrl ?? 'https://api.openai.com/v1',
        apiKey: config.apiKey ?? '',
        ...fetchOption,
      }).chat(config.model);
    case 'openai-compatible':
      return createOpenAICompatible({
        name: 'openai-compatible',
        // The config schema requires a base URL for this provider.
        baseURL: config.baseUrl ?? '',
        ...(config.apiKey ? { apiKey: config.apiKey } : {}),
        ...fetchOption,
      }).chatModel(config.model);
    case 'anthropic':
      return createAnthropic({
        baseURL: config.baseUrl ?? 'https://api.anthropic.com/v1',
        apiKey: config.apiKey ?? '',
        ...fetchOption,
      })(config.model);
  }
}
