import type { SkillType } from '../../store/schema.ts';
import type { LlmMessage } from '../../understanding/llm/step.ts';

/**
 * What the engine remembers between turns: plain JSON stored on the conversation, so a turn
 * can resume in any process after a restart. It says what the engine waits for, never who
 * owns the conversation or whether it is open: that is the conversation's lifecycle.
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
  /** Set when the model started this invocation: the model words its result. */
  toolCallId?: string;
}

export type Awaiting = 'input' | 'confirmation' | 'code' | 'email' | 'clarify' | 'human_offer';

export interface Memory {
  pending?: PendingSkill;
  awaiting?: Awaiting;
  /** Skill keys offered by a clarifying question ('#content' offers an answer from content). */
  clarify?: string[];
  /** The message a question between an action and content was about. */
  question?: string;
  /** Turns in a row the agent could not help. */
  failures?: number;
  /** The last turn answered the customer (content, or a skill that ran): a "thanks" now closes. */
  answered?: boolean;
  /** LLM engine: the conversation as the model sees it. */
  llm?: LlmMessage[];
}

/** What the conversation API shows as its `state` while the agent has it. */
export type AwaitingState = 'bot' | 'awaiting_input' | 'awaiting_confirmation';

export const awaitingOf = (memory: Memory): AwaitingState =>
  memory.awaiting === 'confirmation'
    ? 'awaiting_confirmation'
    : memory.awaiting === 'input' || memory.awaiting === 'code' || memory.awaiting === 'email'
      ? 'awaiting_input'
      : 'bot';

/** Why the turn did what it did: shown in previews (C7) and asserted by conversation tests. */
export interface TurnTrace {
  engine: 'builtin' | 'llm';
  control?: string;
  route?: { decision: string; ranked: { key: string; score: number }[] };
  skill?: { key: string; type: SkillType; kind: 'read' | 'write'; version: number | null };
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
