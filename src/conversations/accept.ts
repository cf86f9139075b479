import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import { DOMAIN_CHANNEL, publishSoon } from '../events/domain.ts';
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
  const here = notifyInStatement(ctx);
  const { rows } = await sql<{ id: string; seq: number; channel: string; notified: string }>`
    with c as (
      update conversations set next_seq = next_seq + 1, last_activity_at = now(), updated_at = now()
      where id = ${m.conversationId} and account_id = ${m.accountId} and status = 'open'
      returning id, account_id, channel, next_seq - 1 as seq
    ), ${storeAndNotify(id, m, here)}
    select stored.id, stored.seq, (select channel from c), (select count(*) from notified) as notified
    from stored`.execute(ctx.db);
  const stored = rows[0];
  if (!stored) return explainNotStored(ctx, m);
  if (!here) announceReceived(ctx, { ...m, messageId: id, channel: stored.channel });
  return { messageId: id, seq: Number(stored.seq), duplicate: false, turn: null };
}

/**
 * Where `message.received` is sent. PGlite: in the accepting statement (NOTIFY is
 * transactional, so it goes out exactly when the message is committed, with no query of
 * its own). PostgreSQL: after the commit, batched (`publishSoon`): a transaction that
 * notifies holds the server's one notification lock through its commit, WAL flush
 * included, which would queue every concurrent inbound message behind the others' flushes
 * (bench/ingest measured it: ~280 messages/s at any concurrency).
 */
export const notifyInStatement = (ctx: AppContext) => ctx.database.kind === 'pglite';

export function announceReceived(
  ctx: AppContext,
  m: { accountId: string; conversationId: string; messageId: string; channel: string },
): void {
  publishSoon(ctx.events, { name: 'message.received', ...m }, (err) =>
    ctx.log.warn({ err }, 'event not published'),
  );
}

/**
 * The tail of an accepting statement, after a CTE `c` (the conversation row just updated:
 * id, account_id, channel, seq): `stored` inserts the message (nothing on a repeated channel
 * message id) and `notified` sends `message.received` for it (the shape of DOMAIN_EVENTS)
 * when `notify` — otherwise it is empty. A CTE without side effects runs only when
 * referenced: the caller's final select must reference `notified`.
 */
export function storeAndNotify(id: string, m: Pick<Inbound, 'text' | 'channelMessageId'>, notify: boolean) {
  return sql`stored as (
      insert into messages (id, account_id, conversation_id, seq, role, text, channel_message_id)
      select ${id}, c.account_id, c.id, c.seq, 'customer', ${m.text}, ${m.channelMessageId ?? null} from c
      on conflict (conversation_id, channel_message_id) do nothing
      returning id, conversation_id, seq
    ), notified as (
      ${
        notify
          ? sql`select pg_notify(${DOMAIN_CHANNEL}, json_build_object(
        'name', 'message.received', 'accountId', c.account_id, 'conversationId', c.id,
        'messageId', stored.id, 'channel', c.channel)::text)
      from stored join c on c.id = stored.conversation_id`
          : sql`select 1 where false`
      }
    )`;
}

/** Nothing was inserted: a redelivery, a closed conversation, or none at all. */
export async function explainNotStored(ctx: AppContext, m: Inbound): Promise<Accepted> {
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
