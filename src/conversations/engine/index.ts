import { builtinTurn } from './builtin.ts';
import { type Draft, newDraft } from './draft.ts';
import { llmTurn } from './llm.ts';
import type { Memory, TurnTrace } from './memory.ts';
import { isModelDown, remember, trimHistory } from './model.ts';
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
  /** The customer's question was answered and they closed politely ("thanks", "bye"): the conversation may end. */
  resolved?: boolean;
}

export async function engineTurn(ports: EnginePorts, memory: Memory, text: string): Promise<TurnDecision> {
  if (!ports.model) return decision(await builtinTurn(ports, memory, text));
  const attempt = newDraft(ports, memory, 'llm');
  try {
    return decision(await llmTurn(ports, memory, text, attempt));
  } catch (err) {
    if (!isModelDown(err)) throw err;
  }
  // The model is down: this turn is the built-in engine's, from the memory as it was, rather
  // than a failure for the customer. The exchange still goes into the model's history, so
  // that once the model is back it knows what was asked and answered.
  const fallback = await builtinTurn(ports, memory, text);
  fallback.tokens = attempt.tokens;
  fallback.trace.llm = { toolCalls: [], tokens: attempt.tokens };
  const history = fallback.memory.llm ?? [];
  history.push({ role: 'user', content: text });
  remember(fallback, history, 0);
  fallback.memory.llm = trimHistory(history);
  return decision(fallback);
}

function decision(draft: Draft): TurnDecision {
  return {
    memory: draft.memory,
    replies: draft.replies,
    ...(draft.handoff ? { handoff: draft.handoff } : {}),
    trace: draft.trace,
    tokens: draft.tokens,
    ...(draft.resolved ? { resolved: true } : {}),
  };
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
