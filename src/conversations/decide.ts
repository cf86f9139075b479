import { PLAIN, renderReply } from '../channels/render.ts';
import type { AppContext } from '../context.ts';
import { engineTurn, type Memory, type ReplyPart, type TurnTrace } from './engine/index.ts';
import type { Leased } from './lease.ts';
import { turnPorts } from './turn-ports.ts';

/** One outbound message of a turn: its structured parts and their plain-text form. */
export interface OutboundReply {
  text: string;
  parts: ReplyPart[];
}

export interface Decision {
  memory: Memory;
  replies: OutboundReply[];
  handoff?: string;
  trace: TurnTrace;
  tokens: number;
  /** The customer's question was answered and they closed politely: the conversation may end. */
  resolved?: boolean;
}

/** Runs the agent's engine on one customer message. */
export async function decide(
  ctx: AppContext,
  leased: Leased,
  text: string,
  proved: string[],
): Promise<Decision> {
  const ports = await turnPorts(ctx, leased, proved);
  const turn = await engineTurn(ports, leased.conversation.memory as Memory, text);
  return {
    memory: turn.memory,
    replies: turn.replies.map((r) => ({ text: renderReply(r, PLAIN).text, parts: r.parts })),
    ...(turn.handoff ? { handoff: turn.handoff } : {}),
    trace: turn.trace,
    tokens: turn.tokens,
    ...(turn.resolved ? { resolved: true } : {}),
  };
}
