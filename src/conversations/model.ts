import type { ConversationState } from '../store/schema.ts';
import type { LlmMessage } from '../understanding/llm/step.ts';
import type { Awaiting as ApiAwaiting } from './lifecycle.ts';

/**
 * What the engine remembers between turns. Plain JSON, stored on the conversation, so a
 * turn can resume in any process after a restart.
 */
export interface PendingSkill {
  /** Stable for this invocation: the idempotency key of its write is built from it. */
  runId: string;
  skillKey: string;
  values: Record<string, unknown>;
  /** The input being asked for. */
  asking?: string;
  /** Invalid answers in a row for `asking`. */
  invalid: number;
  /** LLM mode: the tool call this invocation answers. */
  toolCallId?: string;
}

export type Awaiting = 'input' | 'confirmation' | 'code' | 'email' | 'clarify' | 'human_offer';

export interface Memory {
  pending?: PendingSkill;
  awaiting?: Awaiting;
  /** Skill keys offered by a clarifying question. */
  clarify?: string[];
  /** Turns in a row the agent could not help. */
  failures?: number;
  /** LLM mode: the conversation as the model sees it. */
  llm?: LlmMessage[];
}

export interface TurnTrace {
  engine: 'builtin' | 'llm';
  control?: string;
  route?: { decision: string; ranked: { key: string; score: number }[] };
  skill?: { key: string; type: 'action' | 'flow'; kind: 'read' | 'write'; version: number | null };
  inputs?: Record<string, unknown>;
  run?: {
    ok: boolean;
    request?: { method: string; url: string };
    status?: number;
    outputs: Record<string, unknown>;
    error?: { class: string; message: string };
    replayed?: boolean;
  };
  knowledge?: { score: number; source: string };
  gate?: 'confirmation' | 'identity';
  handoff?: { reason: string };
  llm?: { toolCalls: { name: string; args: unknown; accepted: boolean; reason?: string }[]; tokens: number };
}

export interface TurnResult {
  replies: { text: string }[];
  state: ConversationState;
  trace: TurnTrace;
}

/** What the engine waits for, in the API's words. */
export const awaitingOf = (memory: Memory): ApiAwaiting =>
  memory.awaiting === 'confirmation'
    ? 'awaiting_confirmation'
    : memory.awaiting === 'input' || memory.awaiting === 'code' || memory.awaiting === 'email'
      ? 'awaiting_input'
      : 'bot';
