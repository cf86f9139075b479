import { type Kysely, sql } from 'kysely';
import { conflict } from '../../shared/errors.ts';
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

/**
 * In one statement: the conversation a Message-ID was already stored in (a redelivery), and
 * how many messages this sender's address has sent the channel since a moment (the limit).
 */
/**
 * One listener serves every account, so an inbound address names one channel in the whole
 * server: an address another channel (of any account) already answers is refused, or one
 * account could take another's mail by claiming its address first.
 */
export async function assertAddressesFree(
  db: Kysely<DB>,
  addresses: readonly string[],
  exceptChannelId?: string,
): Promise<void> {
  for (const [i, address] of addresses.entries()) {
    let q = db
      .selectFrom('channels')
      .select('id')
      .where('type', '=', 'email')
      .where(sql<boolean>`config->'addresses' @> ${JSON.stringify([address])}::jsonb`);
    if (exceptChannelId) q = q.where('id', '!=', exceptChannelId);
    if (await q.executeTakeFirst())
      throw conflict(`${address} is already the address of another email channel.`, 'duplicate', [
        { path: `config.addresses[${i}]`, message: 'taken' },
      ]);
  }
}

export async function arrivalFacts(
  db: Kysely<DB>,
  m: { channelId: string; messageId: string; sender: string; since: Date },
): Promise<{ seenIn: string | null; recent: number }> {
  const { rows } = await sql<{ seen_in: string | null; recent: string }>`
    select
      (select conversation_id from email_threads
        where channel_id = ${m.channelId} and message_id = ${m.messageId}) as seen_in,
      (select count(*) from email_threads
        where channel_id = ${m.channelId} and sender = ${m.sender} and direction = 'in'
          and created_at > ${m.since.toISOString()}::timestamptz) as recent`.execute(db);
  return { seenIn: rows[0]?.seen_in ?? null, recent: Number(rows[0]?.recent ?? 0) };
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
  // One statement: the Message-ID, and the conversation's newest parent (created with its token).
  await sql`
    with seen as (
      insert into email_threads (channel_id, message_id, account_id, conversation_id, direction, sender)
      values (${m.channel.id}, ${m.messageId}, ${m.channel.account_id}, ${m.conversationId}, 'in', ${m.sender})
      on conflict (channel_id, message_id) do update set conversation_id = excluded.conversation_id
    )
    insert into email_conversations
      (conversation_id, account_id, channel_id, token, subject, reply_to, parent_message_id, parent_references)
    values (${m.conversationId}, ${m.channel.account_id}, ${m.channel.id}, ${randomToken(20).toLowerCase()},
      ${m.subject}, ${m.replyTo}, ${m.messageId}, ${toJson(m.references)}::jsonb)
    on conflict (conversation_id) do update set reply_to = excluded.reply_to,
      parent_message_id = excluded.parent_message_id, parent_references = excluded.parent_references,
      updated_at = now()`.execute(db);
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
