import type { AppContext } from '../../context.ts';
import { closeConversation } from '../../conversations/commands.ts';
import { agentAnswers, ownerOf } from '../../conversations/lifecycle.ts';
import { conversationFor } from '../conversation-for.ts';
import { receive } from '../pipeline.ts';
import type { TwilioChannel } from '../twilio/channel.ts';
import {
  type Call,
  type Conversation,
  conversationOf,
  earlierAgentCall,
  lastAgentWords,
  repliesTo,
  storedText,
} from './call-state.ts';
import { callEnded, handOver, recorded, transferEnded } from './handover.ts';
import { markCallLive, takePending } from './pending.ts';
import { callerText, spokenReplies } from './speech.ts';
import { gatherTwiml, hangUpTwiml, redirectTwiml } from './twiml.ts';

/**
 * One phone call, step by step (E1). Each webhook is a step; what the call needs to go on
 * (the conversation, the turn number, silences in a row) travels in the URLs Twilio is
 * given back, which Twilio signs with every request. A caller's utterance is an inbound
 * message idempotent on CallSid and turn number, so a repeated webhook is stored and
 * answered once; the answer waits, bounded, for the turn and then speaks its replies.
 */
export const MAX_SILENCES = 3;
/** Twilio gives a webhook 15 seconds; a turn still running after this is waited for again. */
const TURN_WAIT_MS = 10_000;
/** "One moment, please" at most this many times in a row (each with a second's pause). */
const MAX_WAITS = 10;

export interface Step {
  event: string | undefined;
  conversationId: string | undefined;
  turn: number;
  count: number;
  params: Record<string, string>;
}

export async function callStep(
  ctx: AppContext,
  channel: TwilioChannel,
  step: Step,
  webhookUrl: (q: Record<string, string | number>) => string,
): Promise<string> {
  const call: Call = {
    ctx,
    channel,
    settings: { language: channel.config.language ?? 'en-US', voice: channel.config.voice },
    callSid: step.params['CallSid'] ?? '',
    url: webhookUrl,
  };
  if (step.event === 'ended') return callEnded(call, step.params);
  const conversation = step.conversationId ? await conversationOf(call, step.conversationId) : null;
  // Closed meanwhile (by a person, or auto-close): the caller is greeted in a new one.
  if (!conversation || (conversation.status !== 'open' && step.event !== 'recorded'))
    return start(call, step.params);
  switch (step.event) {
    case 'turn':
      return turn(call, conversation, step);
    case 'wait':
      return answer(call, conversation, step.turn, step.count);
    case 'silence':
      return silence(call, conversation, step);
    case 'transfer-ended':
      return transferEnded(call, conversation, step.params);
    case 'recorded':
      return recorded(call, conversation, step.params);
    default:
      return start(call, step.params);
  }
}

const gatherNext = (call: Call, c: Conversation, text: string, turn: number) =>
  gatherTwiml(text, call.settings, {
    action: call.url({ event: 'turn', c: c.id, turn }),
    noInput: call.url({ event: 'silence', c: c.id, turn, count: 1 }),
  });

/** A new call: the caller id is a verified phone identity; the agent greets, or a person is sought. */
async function start(call: Call, params: Record<string, string>): Promise<string> {
  const from = params['From'] ?? '';
  const identity = /^\+[1-9]\d{6,14}$/.test(from)
    ? { type: 'phone' as const, value: from, proof: 'caller_id' }
    : { type: 'visitor' as const, value: `call:${call.callSid}` };
  const contact = { identities: [identity] };
  let { conversationId, created } = await conversationFor(call.ctx, call.channel.row, contact);
  // A call is a conversation: what the agent waited for on an earlier call (a confirmation
  // the caller hung up on) must not be answered by this one. One a person has stays open.
  if (!created && (await earlierAgentCall(call, conversationId))) {
    await closeConversation(call.ctx, call.channel.row.account_id, conversationId, 'call_ended');
    ({ conversationId } = await conversationFor(call.ctx, call.channel.row, contact));
  }
  const c = await conversationOf(call, conversationId);
  if (!c) return hangUpTwiml('', call.settings);
  await markCallLive(call.ctx, c.id);
  if (!agentAnswers({ status: c.status, owner: ownerOf(c) })) {
    const waiting = await takePending(call.ctx, c.id);
    return handOver(call, c, waiting || (await lastAgentWords(call, c.id)));
  }
  return gatherNext(call, c, c.greeting, 1);
}

/** The caller said something or pressed keys: stored as turn N, then answered. */
async function turn(call: Call, c: Conversation, step: Step): Promise<string> {
  const awaiting = (c.memory as { awaiting?: string }).awaiting;
  const text = callerText({ speech: step.params['SpeechResult'], digits: step.params['Digits'] }, awaiting);
  if (!text) return silence(call, c, { ...step, count: 1 });
  return answer(call, c, step.turn, 0, text);
}

/** Waits (bounded) for turn N's result and speaks it; a turn still running is waited for again. */
async function answer(call: Call, c: Conversation, n: number, waits: number, text?: string): Promise<string> {
  const channelMessageId = `${call.callSid}:${n}`;
  const said = text ?? (await storedText(call, c.id, channelMessageId));
  if (said === null) return gatherNext(call, c, '', n);
  const got = await receive(
    call.ctx,
    { accountId: c.account_id, conversationId: c.id, text: said, channelMessageId },
    { waitMs: Math.min(call.ctx.config.replyWaitMs, TURN_WAIT_MS) },
  );
  if (!got.result) {
    if (waits >= MAX_WAITS)
      return gatherNext(call, c, 'Sorry, this is taking longer than it should. Please try again.', n + 1);
    return redirectTwiml(
      'One moment, please.',
      call.settings,
      call.url({ event: 'wait', c: c.id, turn: n, count: waits + 1 }),
    );
  }
  const after = (await conversationOf(call, c.id)) ?? c;
  // A person's reply written meanwhile is spoken at this turn, before the agent's.
  const waiting = await takePending(call.ctx, c.id);
  const spoken = [waiting, spokenReplies(await repliesTo(call, got.messageId))].filter(Boolean).join(' ');
  if (after.status !== 'open') return hangUpTwiml(`${spoken} Goodbye.`.trim(), call.settings);
  if (!agentAnswers({ status: after.status, owner: ownerOf(after) })) return handOver(call, after, spoken);
  return gatherNext(call, after, spoken, n + 1);
}

/** Nothing was heard: ask again, and after a few silences in a row say goodbye. */
async function silence(call: Call, c: Conversation, step: Step): Promise<string> {
  if (step.count >= MAX_SILENCES)
    return hangUpTwiml("I haven't heard anything, so I'll end the call now. Goodbye.", call.settings);
  const last = await lastAgentWords(call, c.id);
  const prompt = `Sorry, I didn't hear anything. ${last || 'How can I help?'}`;
  return gatherTwiml(prompt, call.settings, {
    action: call.url({ event: 'turn', c: c.id, turn: step.turn }),
    noInput: call.url({ event: 'silence', c: c.id, turn: step.turn, count: step.count + 1 }),
  });
}
