import { generateText, type JSONSchema7, jsonSchema, type ToolSet, tool } from 'ai';
import { cleanText, toJson } from '../../store/json.ts';
import type { LlmConfig } from './config.ts';
import { llmUnavailable } from './errors.ts';
import { type LlmMessage, type LlmToolCall, toModelMessages } from './messages.ts';
import { modelFetch } from './outbound.ts';
import { languageModelFor } from './provider.ts';

export type { LlmMessage, LlmToolCall } from './messages.ts';

/** A tool offered to the model; `parameters` is a JSON Schema object. */
export interface LlmTool {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface LlmStepResult {
  text: string;
  toolCalls: LlmToolCall[];
  usage: { inputTokens: number; outputTokens: number };
}

export interface LlmStepInput {
  config: LlmConfig;
  system: string;
  messages: LlmMessage[];
  tools: LlmTool[];
  fetch?: typeof fetch;
  abortSignal?: AbortSignal;
  /** Whole call including retries; past it the step fails with llm_unavailable. */
  timeoutMs?: number;
  /** Retries of retryable failures (network, 429, 5xx); the SDK's default is 2. */
  maxRetries?: number;
}

export const DEFAULT_LLM_TIMEOUT_MS = 60_000;

/**
 * Asks the model for its next step (spec §C3) and returns what it wants to do. The tools
 * have no `execute`, so the SDK hands their calls back instead of running them: running
 * them, and every gate before that (confirmation, identity, limits, §C4), belongs to the
 * conversation service. Tool args are the model's raw output, unvalidated.
 *
 * @throws AppError `llm_unavailable` (502) when the model cannot be reached or answers with
 *   an error; an abort through `abortSignal` is rethrown as is.
 */
export async function llmStep(input: LlmStepInput): Promise<LlmStepResult> {
  const { config } = input;
  const timeoutMs = input.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS;
  try {
    const result = await generateText({
      // Without an explicit fetch, the call obeys the outbound address policy (B5, §8).
      model: languageModelFor(config, { fetch: input.fetch ?? modelFetch() }),
      system: input.system,
      messages: toModelMessages(input.messages),
      tools: toToolSet(input.tools),
      temperature: config.temperature,
      ...(config.maxOutputTokens === undefined ? {} : { maxOutputTokens: config.maxOutputTokens }),
      ...(input.maxRetries === undefined ? {} : { maxRetries: input.maxRetries }),
      ...(input.abortSignal ? { abortSignal: input.abortSignal } : {}),
      timeout: timeoutMs,
    });
    // A model's words are stored and shown: NUL and lone surrogates (which PostgreSQL refuses)
    // are replaced here, so they cannot fail the turn after the model call was paid for.
    return {
      text: cleanText(result.text),
      toolCalls: result.toolCalls.map((call) => ({
        id: call.toolCallId,
        name: call.toolName,
        args: call.input === undefined ? undefined : JSON.parse(toJson(call.input)),
      })),
      usage: {
        inputTokens: result.totalUsage.inputTokens ?? 0,
        outputTokens: result.totalUsage.outputTokens ?? 0,
      },
    };
  } catch (error) {
    if (input.abortSignal?.aborted) throw error;
    throw llmUnavailable(error, { apiKey: config.apiKey, baseUrl: config.baseUrl, timeoutMs }) ?? error;
  }
}

function toToolSet(tools: LlmTool[]): ToolSet {
  const set: ToolSet = {};
  for (const t of tools) {
    set[t.name] = tool({ description: t.description, inputSchema: jsonSchema(t.parameters as JSONSchema7) });
  }
  return set;
}
