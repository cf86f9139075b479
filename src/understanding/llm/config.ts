import { z } from 'zod';

/**
 * An agent's model (spec §C3). `openai` speaks chat completions, so it also serves any
 * OpenAI-compatible server; `openai-compatible` is the same protocol without OpenAI's
 * extensions, for servers that reject them (vLLM, Ollama, LM Studio).
 */
export const llmConfigSchema = z
  .object({
    provider: z.enum(['openai', 'anthropic', 'openai-compatible']),
    model: z.string().trim().min(1).max(200).describe('Model id as the provider names it, e.g. gpt-4o-mini.'),
    baseUrl: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .optional()
      .describe('API base URL including its version path, e.g. http://localhost:11434/v1.'),
    apiKey: z.string().min(1).max(1000).optional(),
    temperature: z.number().min(0).max(2).default(0),
    maxOutputTokens: z.int().min(1).max(200_000).optional(),
  })
  .refine((c) => c.provider !== 'openai-compatible' || c.baseUrl !== undefined, {
    path: ['baseUrl'],
    message: 'an openai-compatible provider needs a baseUrl',
  });

/** A validated config (defaults applied). */
export type LlmConfig = z.output<typeof llmConfigSchema>;
/** A config as given by a user, before defaults. */
export type LlmConfigInput = z.input<typeof llmConfigSchema>;
