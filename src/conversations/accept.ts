import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import { publishEvent } from '../events/domain.ts';
import { conflict, notFound } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';

/**
 * Accept, then process (design note §1): an inbound message is stored durably, idempotent
 * on the channel's message id, before anything works on it. One statement takes the next
 * sequence number from the conversation and inserts the message, so a crash leaves either
 * nothing or a stored message that a worker will process (`processed_at` is null).
 */
export interface Inbound {
  accountId: string;
  conversationId: string;
  text: string;
  /** The channel's id for this message; a redelivery with the same id is stored once. */
  channelMessageId?: string | undefined;
}

export interface Accepted {
  messageId: string;
  /** Its place in the conversation. */
  seq: number;
  /** True when this message id was seen before: nothing new was stored. */
  duplicate: boolean;
  /** The stored turn when an earlier delivery was already processed. */
  turn: Record<string, unknown> | null;
}

export async function acceptInbound(ctx: AppContext, m: Inbound): Promise<Accepted> {
  const id = newId('msg');
  const { rows } = await sql<{ id: string; seq: number; channel: string }>`
    with c as (
      update conversations set next_seq = next_seq + 1, last_activity_at = now(), updated_at = now()
      where id = ${m.conversationId} and account_id = ${m.accountId} and status = 'open'
      returning id, account_id, channel, next_seq - 1 as seq
    )
    insert into messages (id, account_id, conversation_id, seq, role, text, channel_message_id)
    select ${id}, c.account_id, c.id, c.seq, 'customer', ${m.text}, ${m.channelMessageId ?? null} from c
    on conflict (conversation_id, channel_message_id) do nothing
    returning id, seq, (select channel from c) as channel`.execute(ctx.db);
  const stored = rows[0];
  if (stored) {
    await publishEvent(ctx.events, 'message.received', {
      accountId: m.accountId,
      conversationId: m.conversationId,
      messageId: id,
      channel: stored.channel,
    }).catch((err) => ctx.log.warn({ err }, 'event not published'));
    return { messageId: id, seq: Number(stored.seq), duplicate: false, turn: null };
  }
  return explainNotStored(ctx, m);
}

/** Nothing was inserted: a redelivery, a closed conversation, or none at all. */
async function explainNotStored(ctx: AppContext, m: Inbound): Promise<Accepted> {
  const conversation = await ctx.db
    .selectFrom('conversations')
    .select(['status'])
    .where('id', '=', m.conversationId)
    .where('account_id', '=', m.accountId)
    .executeTakeFirst();
  if (!conversation) throw notFound('Conversation');
  if (m.channelMessageId) {
    const seen = await ctx.db
      .selectFrom('messages')
      .select(['id', 'seq', 'turn'])
      .where('conversation_id', '=', m.conversationId)
      .where('channel_message_id', '=', m.channelMessageId)
      .executeTakeFirst();
    if (seen) return { messageId: seen.id, seq: seen.seq, duplicate: true, turn: seen.turn };
  }
  throw conflict('The conversation is closed.', 'conversation_closed');
}
