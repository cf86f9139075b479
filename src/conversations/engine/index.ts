import type { Memory, TurnTrace } from './memory.ts';
import type { EnginePorts } from './ports.ts';
import type { Reply } from './replies.ts';

/**
 * The conversation engine (spec §C2–§C4, §C6): one customer message in, a decision out —
 * the memory to keep, the replies to send, whether to hand off. The LLM engine answers when
 * the agent has a model; the built-in engine otherwise, and whenever the model is down.
 */
export interface TurnDecision {
  memory: Memory;
  replies: Reply[];
  /** Set when the conversation goes to a person: a reason code such as 'customer_request' or 'topic:legal'. */
  handoff?: string;
  trace: TurnTrace;
  /** Model tokens this turn used (0 for the built-in engine). */
  tokens: number;
}

export async function engineTurn(_ports: EnginePorts, _memory: Memory, _text: string): Promise<TurnDecision> {
  throw new Error('engineTurn: not wired yet');
}

export type { Awaiting, AwaitingState, Memory, PendingSkill, TurnTrace } from './memory.ts';
export { awaitingOf } from './memory.ts';
export type {
  CodeCheck,
  ContactFacts,
  ContactIdentity,
  EngineAgent,
  EnginePorts,
  ModelPort,
  ModelRequest,
  RunOutcome,
} from './ports.ts';
export { isVerified } from './ports.ts';
export type { Choice, Reply, ReplyPart } from './replies.ts';
export { plainText } from './replies.ts';
