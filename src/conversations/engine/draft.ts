import type { CatalogSkill } from '../catalog.ts';
import type { Memory, TurnTrace } from './memory.ts';
import { type EnginePorts, isVerified } from './ports.ts';
import { type Reply, type ReplyPart, text } from './replies.ts';
import { type Wording, wordingFor } from './wording/index.ts';

/**
 * A turn being decided: the engines and the gates write into it, and it becomes the
 * TurnDecision. Its memory is the engine's own copy, so a turn that is abandoned (the model
 * went down half-way) leaves the conversation's memory as it was.
 */
export interface Draft {
  ports: EnginePorts;
  w: Wording;
  memory: Memory;
  replies: Reply[];
  trace: TurnTrace;
  handoff?: string;
  /** Whether the contact is verified now: a code checked in this turn verifies it for the rest of the turn. */
  verified: boolean;
  tokens: number;
  /** Set after a resolved question is closed politely: the conversation may end (E1). */
  resolved?: boolean;
}

export function newDraft(ports: EnginePorts, memory: Memory, engine: TurnTrace['engine']): Draft {
  return {
    ports,
    w: wordingFor(ports.agent.languages),
    memory: structuredClone(memory),
    replies: [],
    trace: { engine },
    verified: isVerified(ports.contact),
    tokens: 0,
  };
}

/** Adds one outbound message; a string is a text part. */
export function say(draft: Draft, ...parts: (ReplyPart | string)[]): void {
  draft.replies.push({ parts: parts.map((p) => (typeof p === 'string' ? text(p) : p)) });
}

export function clearPending(memory: Memory): void {
  delete memory.pending;
  delete memory.awaiting;
}

/** Every turn that moves a skill names it, so a preview shows which action the turn was about (C7). */
export function traceSkill(draft: Draft, skill: CatalogSkill): void {
  draft.trace.skill = { key: skill.key, type: skill.type, kind: skill.kind, version: skill.version };
}

export const round = (n: number) => Math.round(n * 1000) / 1000;
