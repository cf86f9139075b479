import { type Kysely, sql } from 'kysely';
import { randomToken } from '../../shared/ids.ts';
import { toJson } from '../../store/json.ts';
import type { ChannelRow, DB } from '../../store/schema.ts';

/** Email channels' threads: the Message-IDs of each conversation and what a reply needs. */

/** The email channel an inbound address belongs to (the oldest, if two claim it). */
export async function emailChannelFor(db: Kysely<DB>, address: string): Promise<ChannelRow | undefined> {
  return db
    .selectFrom('channels')
    .selectAll()
    .where('type', '=', 'email')
    .where(sql<boolean>`config->'addresses' @> ${JSON.stringify([address])}::jsonb`)
    .orderBy('created_at')
    .executeTakeFirst();
}

export async function seenMessage(db: Kysely<DB>, channelId: string, messageId: string) {
  return db
    .selectFrom('email_threads')
    .select(['conversation_id', 'direction'])
    .where('channel_id', '=', channelId)
    .where('message_id', '=', messageId)
    .executeTakeFirst();
}

/** The open conversation one of these Message-IDs (nearest first) belongs to. */
export async function openConversationOfIds(
  db: Kysely<DB>,
  channelId: string,
  ids: string[],
): Promise<string | undefined> {
  if (!ids.length) return undefined;
  const rows = await db
    .selectFrom('email_threads as t')
    .innerJoin('conversations as c', 'c.id', 't.conversation_id')
    .select(['t.message_id', 't.conversation_id'])
    .where('t.channel_id', '=', channelId)
    .where('t.message_id', 'in', ids)
    .where('c.status', '=', 'open')
    .execute();
  for (const id of ids) {
    const hit = rows.find((r) => r.message_id === id);
    if (hit) return hit.conversation_id;
  }
  return undefined;
}

export async function openConversationOfToken(
  db: Kysely<DB>,
  channelId: string,
  token: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('email_conversations as e')
    .innerJoin('conversations as c', 'c.id', 'e.conversation_id')
    .select('e.conversation_id')
    .where('e.channel_id', '=', channelId)
    .where('e.token', '=', token)
    .where('c.status', '=', 'open')
    .executeTakeFirst();
  return row?.conversation_id;
}

/** Inbound messages from one sender on a channel since a moment (the per-sender limit). */
export async function countFromSender(db: Kysely<DB>, channelId: string, sender: string, since: Date) {
  const row = await db
    .selectFrom('email_threads')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('channel_id', '=', channelId)
    .where('sender', '=', sender)
    .where('direction', '=', 'in')
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Records an inbound message before it is stored as a conversation message: its
 * Message-ID (so a redelivery and a reply to it find the conversation) and, as the
 * conversation's newest parent, where and how the answer goes.
 */
export async function recordInbound(
  db: Kysely<DB>,
  m: {
    channel: ChannelRow;
    conversationId: string;
    messageId: string;
    sender: string;
    replyTo: string;
    subject: string;
    references: string[];
  },
): Promise<void> {
  await db
    .insertInto('email_threads')
    .values({
      channel_id: m.channel.id,
      message_id: m.messageId,
      account_id: m.channel.account_id,
      conversation_id: m.conversationId,
      direction: 'in',
      sender: m.sender,
    })
    .onConflict((oc) => oc.columns(['channel_id', 'message_id']).doNothing())
    .execute();
  const parent = {
    reply_to: m.replyTo,
    parent_message_id: m.messageId,
    parent_references: toJson(m.references),
    updated_at: new Date(),
  };
  await db
    .insertInto('email_conversations')
    .values({
      conversation_id: m.conversationId,
      account_id: m.channel.account_id,
      channel_id: m.channel.id,
      token: randomToken(20).toLowerCase(),
      subject: m.subject,
      ...parent,
    })
    .onConflict((oc) => oc.column('conversation_id').doUpdateSet(parent))
    .execute();
}

export async function recordOutbound(
  db: Kysely<DB>,
  m: { channelId: string; accountId: string; conversationId: string; messageId: string },
): Promise<void> {
  await db
    .insertInto('email_threads')
    .values({
      channel_id: m.channelId,
      message_id: m.messageId,
      account_id: m.accountId,
      conversation_id: m.conversationId,
      direction: 'out',
      sender: null,
    })
    .onConflict((oc) => oc.columns(['channel_id', 'message_id']).doNothing())
    .execute();
}

export const emailConversation = (db: Kysely<DB>, conversationId: string) =>
  db
    .selectFrom('email_conversations')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .executeTakeFirst();
