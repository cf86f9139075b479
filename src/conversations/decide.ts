import type { AppContext } from '../context.ts';
import { builtinTurn } from './builtin-engine.ts';
import type { Leased } from './lease.ts';
import { llmTurn, modelFor } from './llm-engine.ts';
import type { Memory, TurnTrace } from './model.ts';
import { turnPorts } from './turn-ports.ts';

/** One outbound message of a turn: its structured parts and their plain-text form. */
export interface OutboundReply {
  text: string;
  parts: unknown[];
}

export interface Decision {
  memory: Memory;
  replies: OutboundReply[];
  handoff?: string;
  trace: TurnTrace;
  tokens: number;
}

/** Runs the agent's engine on one customer message. */
export async function decide(
  ctx: AppContext,
  leased: Leased,
  text: string,
  proved: string[],
): Promise<Decision> {
  const ports = await turnPorts(ctx, leased, proved);
  const memory = structuredClone(leased.conversation.memory) as Memory;
  const model = modelFor(leased.agent, ctx.keyring);
  const { turn, tokens } = model
    ? await llmTurn(ports, memory, text, { model, agent: leased.agent })
    : { turn: await builtinTurn(ports, memory, text), tokens: 0 };
  if (turn.handoff) turn.trace.handoff = { reason: turn.handoff };
  return {
    memory: turn.memory,
    replies: turn.replies.map((t) => ({ text: t, parts: [{ type: 'text', text: t }] })),
    ...(turn.handoff ? { handoff: turn.handoff } : {}),
    trace: turn.trace,
    tokens,
  };
}
