import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import {
  type Accepted,
  acceptInbound,
  announceReceived,
  explainNotStored,
  notifyInStatement,
  storeAndNotify,
} from '../conversations/accept.ts';
import { type ContactInput, givenIdentities, type IdentityInput } from '../conversations/contacts.ts';
import { AppError } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import type { ChannelRow } from '../store/schema.ts';

/**
 * The common case of an inbound message, in one statement: a known contact writing again
 * into their open conversation on this channel. It finds the conversation and stores the
 * message (taking the next sequence number, idempotent on the channel's message id, with
 * `message.received` announced as acceptInbound does) — no lock, no other round trip.
 *
 * It applies only when resolving the contact would change nothing: every identity given
 * already belongs to one contact (a proved one already verified the same way), and the
 * name and time zone given are the ones stored. The only thing not redone is refreshing
 * `verified_at` of an identity proved again. Anything else — a new customer, a new or
 * moved identity, a changed name, no open conversation (closed ones are never reopened) —
 * returns null, and the caller takes the full path (`conversationFor`, then accept).
 *
 * The conversation a contact input led to is also kept for a short while, per database
 * (`rememberOpenConversation`): the next message with the very same input is then stored by
 * the accept statement alone, which itself checks that the conversation is still open in
 * the account. A closed or vanished one is forgotten and the lookup runs again; the short
 * lifetime bounds what the statement cannot see (a contact edited or merged meanwhile).
 */
export const OPEN_CONVERSATION_CACHE_MS = 30_000;
type Entries = Map<string, { input: string; conversationId: string; until: number }>;
const caches = new WeakMap<object, Entries>();

function entriesOf(db: object): Entries {
  let entries = caches.get(db);
  if (!entries) {
    entries = new Map();
    caches.set(db, entries);
  }
  return entries;
}

/** Who writes (the cache key) and everything else resolving the contact would write (its check). */
function keysOf(channel: ChannelRow, contact: ContactInput, given: IdentityInput[]) {
  const who = JSON.stringify([channel.id, ...given.map((i) => [i.type, i.value])]);
  const input = JSON.stringify([
    contact.name ?? null,
    contact.timeZone ?? null,
    given.map((i) => i.proof ?? null),
  ]);
  return { who, input };
}

/** After the full path: the conversation this very input belongs to now. */
export function rememberOpenConversation(
  db: object,
  channel: ChannelRow,
  contact: ContactInput,
  conversationId: string,
): void {
  const given = givenIdentities(contact);
  if (given.length === 0) return;
  const { who, input } = keysOf(channel, contact, given);
  const entries = entriesOf(db);
  if (entries.size > 10_000) entries.clear();
  entries.set(who, { input, conversationId, until: Date.now() + OPEN_CONVERSATION_CACHE_MS });
}

export async function acceptOnOpenConversation(
  ctx: AppContext,
  channel: ChannelRow,
  contact: ContactInput,
  message: { text: string; channelMessageId?: string | undefined },
): Promise<{ conversationId: string; accepted: Accepted } | null> {
  const given = givenIdentities(contact);
  if (given.length === 0) return null;
  const accountId = channel.account_id;
  const { who, input } = keysOf(channel, contact, given);
  const entries = entriesOf(ctx.db);
  const hit = entries.get(who);
  if (hit && hit.input === input && hit.until >= Date.now()) {
    try {
      const accepted = await acceptInbound(ctx, {
        accountId,
        conversationId: hit.conversationId,
        ...message,
      });
      return { conversationId: hit.conversationId, accepted };
    } catch (err) {
      // Closed (or gone) since: look again.
      if (!(err instanceof AppError) || (err.code !== 'conversation_closed' && err.kind !== 'not_found'))
        throw err;
      entries.delete(who);
    }
  }
  const id = newId('msg');
  const here = notifyInStatement(ctx);
  const identity = sql.join(
    given.map((i) =>
      i.proof
        ? sql`(i.type = ${i.type} and i.value = ${i.value} and i.verified_at is not null and i.verified_via = ${i.proof})`
        : sql`(i.type = ${i.type} and i.value = ${i.value})`,
    ),
    sql` or `,
  );
  const { rows } = await sql<{
    conversation_id: string | null;
    message_id: string | null;
    seq: number | null;
    channel: string | null;
    notified: string;
  }>`
    with known as (
      select i.contact_id from contact_identities i
      where i.account_id = ${accountId} and (${identity})
      group by i.contact_id having count(*) = ${given.length}
    ), target as (
      select v.id from conversations v
      join known on known.contact_id = v.contact_id
      ${contact.name || contact.timeZone ? sql`join contacts k on k.id = v.contact_id` : sql``}
      where v.account_id = ${accountId} and v.channel_id = ${channel.id} and v.status = 'open'
        ${contact.name ? sql`and k.name = ${contact.name}` : sql``}
        ${contact.timeZone ? sql`and k.time_zone = ${contact.timeZone}` : sql``}
      order by v.created_at desc
      limit 1
    ), c as (
      update conversations set next_seq = next_seq + 1, last_activity_at = now(), updated_at = now()
      where id = (select id from target) and account_id = ${accountId} and status = 'open'
      returning id, account_id, channel, next_seq - 1 as seq
    ), ${storeAndNotify(id, message, here)}
    select (select id from target) as conversation_id, (select id from stored) as message_id,
      (select seq from stored) as seq,
      (select channel from c) as channel,
      (select count(*) from notified) as notified`.execute(ctx.db);
  const conversationId = rows[0]?.conversation_id;
  if (!conversationId) return null;
  rememberOpenConversation(ctx.db, channel, contact, conversationId);
  if (rows[0]?.message_id) {
    if (!here) announceReceived(ctx, { accountId, conversationId, messageId: id, channel: rows[0].channel! });
    return {
      conversationId,
      accepted: { messageId: id, seq: Number(rows[0].seq), duplicate: false, turn: null },
    };
  }
  try {
    // Not stored: a repeated message id — or the conversation closed a moment ago.
    const accepted = await explainNotStored(ctx, { accountId, conversationId, ...message });
    return { conversationId, accepted };
  } catch (err) {
    if (err instanceof AppError && err.code === 'conversation_closed') {
      entries.delete(who);
      return null;
    }
    throw err;
  }
}
