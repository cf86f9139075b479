import { closeConversation } from '../../conversations/commands.ts';
import { isAvailable } from '../../deployments/availability.ts';
import { receive } from '../pipeline.ts';
import type { Call, Conversation } from './call-state.ts';
import { markCallEnded } from './pending.ts';
import { hangUpTwiml, recordTwiml, type TransferTarget, transferTwiml } from './twiml.ts';

/**
 * The conversation went to a person: put the call through to the channel's number or
 * queue while people take calls (transferHours), otherwise take a message after the tone.
 */
export function handOver(call: Call, c: Conversation, spoken: string): string {
  const { transferNumber, transferQueue, transferHours } = call.channel.config;
  const target: TransferTarget | null = transferNumber
    ? { number: transferNumber }
    : transferQueue
      ? { queue: transferQueue }
      : null;
  const open = !transferHours || isAvailable(transferHours, new Date());
  if (target && open)
    return transferTwiml(spoken, call.settings, target, call.url({ event: 'transfer-ended', c: c.id }));
  return takeMessage(call, c, spoken);
}

function takeMessage(call: Call, c: Conversation, spoken: string): string {
  const ask =
    'Nobody can take your call right now. Please leave a message after the tone, then hang up or press the pound key.';
  return recordTwiml(`${spoken} ${ask}`.trim(), call.settings, call.url({ event: 'recorded', c: c.id }));
}

/** After `<Dial>` or `<Enqueue>`: a call that was not answered becomes a message. */
export function transferEnded(call: Call, c: Conversation, params: Record<string, string>): string {
  const dial = params['DialCallStatus'];
  const queue = params['QueueResult'];
  if (dial === 'completed' || queue === 'bridged' || queue === 'hangup')
    return hangUpTwiml('', call.settings);
  return takeMessage(call, c, '');
}

/** The message left after the tone, stored in the conversation for the person who takes it. */
export async function recorded(call: Call, c: Conversation, params: Record<string, string>): Promise<string> {
  const url = params['RecordingUrl'];
  const seconds = Number(params['RecordingDuration'] ?? '0');
  if (url && seconds > 0 && c.status === 'open') {
    await receive(
      call.ctx,
      {
        accountId: c.account_id,
        conversationId: c.id,
        text: `Voice message (${seconds} s): ${url}`,
        channelMessageId: `${call.callSid}:message`,
      },
      { waitMs: 0 },
    );
  }
  return hangUpTwiml('Thank you, we will get back to you. Goodbye.', call.settings);
}

const ENDED = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

/**
 * The number's "call status changes" callback: a call that ended closes the conversation
 * the agent had for it (`call_ended`); one a person has stays open for them, and what they
 * write to it now can no longer be spoken (pending.ts).
 */
export async function callEnded(call: Call, params: Record<string, string>): Promise<string> {
  if (ENDED.has(params['CallStatus'] ?? '')) {
    const taken = await call.ctx.db
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .select('conversations.id')
      .where('conversations.channel_id', '=', call.channel.row.id)
      .where('conversations.status', '=', 'open')
      .where('conversations.owner_type', '!=', 'agent')
      .where('messages.channel_message_id', 'like', `${call.callSid}:%`)
      .executeTakeFirst();
    if (taken) await markCallEnded(call.ctx, taken.id);
    const c = await call.ctx.db
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .select(['conversations.id', 'conversations.account_id'])
      .where('conversations.channel_id', '=', call.channel.row.id)
      .where('conversations.status', '=', 'open')
      .where('conversations.owner_type', '=', 'agent')
      .where('messages.channel_message_id', 'like', `${call.callSid}:%`)
      .executeTakeFirst();
    if (c) await closeConversation(call.ctx, c.account_id, c.id, 'call_ended');
  }
  return hangUpTwiml('', call.settings);
}
