import type { AgentSettings } from '../agents/service.ts';
import type { Keyring } from '../secrets/keyring.ts';
import type { AgentRow } from '../store/schema.ts';
import { llmConfigSchema } from '../understanding/llm/config.ts';
import { llmStep } from '../understanding/llm/step.ts';
import type { ModelPort } from './engine/index.ts';

/** A model call may take this long, retries included, before the turn falls back to the built-in engine. */
const MODEL_TIMEOUT_MS = 30_000;

/**
 * The agent's model as the engine's port (C3): the real adapter over llmStep with the
 * agent's provider, model and key (opened from the keyring only here). None when the agent
 * has no model, and then the built-in engine answers.
 */
export function modelPortFor(agent: AgentRow, keyring: Keyring): ModelPort | undefined {
  const m = (agent.settings as AgentSettings).model;
  if (!m) return undefined;
  const apiKey = m.apiKey ? keyring.open(m.apiKey, `agent:${agent.id}`) : undefined;
  const config = llmConfigSchema.parse({
    provider: m.provider,
    model: m.model,
    ...(m.baseUrl ? { baseUrl: m.baseUrl } : {}),
    ...(m.temperature !== undefined ? { temperature: m.temperature } : {}),
    ...(apiKey ? { apiKey } : {}),
  });
  return {
    step: (request) => llmStep({ config, ...request, maxRetries: 1, timeoutMs: MODEL_TIMEOUT_MS }),
  };
}
