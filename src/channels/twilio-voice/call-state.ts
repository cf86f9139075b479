import type { AppContext } from '../../context.ts';
import type { Reply, ReplyPart } from '../../conversations/engine/replies.ts';
import type { TwilioChannel } from '../twilio/channel.ts';
import { spokenReplies } from './speech.ts';
import type { VoiceSettings } from './twiml.ts';

/** What every step of a call works with, and what it reads of the call's conversation. */
export interface Call {
  ctx: AppContext;
  channel: TwilioChannel;
  settings: VoiceSettings;
  callSid: string;
  url: (q: Record<string, string | number>) => string;
}

export type Conversation = NonNullable<Awaited<ReturnType<typeof conversationOf>>>;

export function conversationOf(call: Call, id: string) {
  return call.ctx.db
    .selectFrom('conversations')
    .innerJoin('agents', 'agents.id', 'conversations.agent_id')
    .select([
      'conversations.id',
      'conversations.account_id',
      'conversations.status',
      'conversations.owner_type',
      'conversations.owner_id',
      'conversations.memory',
      'agents.greeting',
    ])
    .where('conversations.id', '=', id)
    .where('conversations.channel_id', '=', call.channel.row.id)
    .executeTakeFirst();
}

/** The agent's open conversation holds an earlier call's words (turns carry their CallSid). */
export async function earlierAgentCall(call: Call, conversationId: string): Promise<boolean> {
  const row = await call.ctx.db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .select('messages.channel_message_id')
    .where('messages.conversation_id', '=', conversationId)
    .where('conversations.owner_type', '=', 'agent')
    .where('messages.role', '=', 'customer')
    .where('messages.channel_message_id', 'is not', null)
    .orderBy('messages.seq', 'desc')
    .executeTakeFirst();
  return !!row?.channel_message_id && !row.channel_message_id.startsWith(`${call.callSid}:`);
}

export async function storedText(call: Call, conversationId: string, channelMessageId: string) {
  const row = await call.ctx.db
    .selectFrom('messages')
    .select('text')
    .where('conversation_id', '=', conversationId)
    .where('channel_message_id', '=', channelMessageId)
    .executeTakeFirst();
  return row?.text ?? null;
}

export async function repliesTo(call: Call, messageId: string): Promise<Reply[]> {
  const rows = await call.ctx.db
    .selectFrom('messages')
    .select(['text', 'parts'])
    .where('reply_to', '=', messageId)
    .orderBy('seq')
    .execute();
  return rows.map(asReply);
}

/** What the agent (or the assignment notice) said last: repeated after a silence. */
export async function lastAgentWords(call: Call, conversationId: string): Promise<string> {
  const row = await call.ctx.db
    .selectFrom('messages')
    .select(['text', 'parts'])
    .where('conversation_id', '=', conversationId)
    .where('role', '!=', 'customer')
    .orderBy('seq', 'desc')
    .executeTakeFirst();
  return row ? spokenReplies([asReply(row)]) : '';
}

const asReply = (row: { text: string; parts: unknown }): Reply => ({
  parts:
    Array.isArray(row.parts) && row.parts.length > 0
      ? (row.parts as ReplyPart[])
      : [{ type: 'text', text: row.text }],
});
