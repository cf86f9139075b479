import { createHash } from 'node:crypto';
import type { Email } from 'postal-mime';
import type { AppContext } from '../../context.ts';
import { proveIdentity } from '../../conversations/contacts.ts';
import { withConversation } from '../../conversations/lease.ts';
import { AppError } from '../../shared/errors.ts';
import { toJson } from '../../store/json.ts';
import type { ChannelRow } from '../../store/schema.ts';
import { conversationFor } from '../conversation-for.ts';
import { receive } from '../pipeline.ts';
import { normaliseAddress, splitPlus } from './addresses.ts';
import { type Arrival, type DNSResolver, senderVerified } from './authenticate.ts';
import { automatedReason } from './automated.ts';
import { emailConfigOf } from './config.ts';
import { visibleText } from './quotes.ts';
import { arrivalFacts, openConversationOfIds, openConversationOfToken, recordInbound } from './repository.ts';
import { messageIds, referencedIds } from './threading.ts';

/**
 * One inbound email for one channel, after the SMTP listener received and parsed it: loop
 * safety, threading, the sender's identity (verified only through DKIM/DMARC when the
 * channel trusts it), then the one pipeline (`receive`), idempotent on the Message-ID.
 * Resolves once the message is stored (or deliberately dropped), so the listener can
 * answer 250; throws when it could not be stored, and the sender's server retries.
 */
export type InboundOutcome =
  | { outcome: 'stored'; conversationId: string; messageId: string }
  | { outcome: 'duplicate'; conversationId: string; messageId: string }
  | { outcome: 'dropped'; reason: string };

export interface Envelope {
  /** The RCPT TO address that named this channel (its plus part may carry a token). */
  recipient: string;
  arrival: Arrival;
}

const MAX_TEXT = 4000;

export async function acceptEmail(
  ctx: AppContext,
  channel: ChannelRow,
  mail: Email,
  raw: Buffer,
  envelope: Envelope,
  resolver?: DNSResolver,
): Promise<InboundOutcome> {
  const config = emailConfigOf(channel);
  const from =
    mail.from && 'address' in mail.from && mail.from.address ? normaliseAddress(mail.from.address) : '';
  const automated = automatedReason(mail.headers, { envelope: envelope.arrival.sender, from: from || null });
  if (automated) return { outcome: 'dropped', reason: automated };
  if (!from) return { outcome: 'dropped', reason: 'no From address' };
  // Mail from the channel's own addresses (a misrouted copy of a reply) would answer itself.
  if (config.addresses.includes(splitPlus(from).base) || from === config.from)
    return { outcome: 'dropped', reason: 'sent from the channel itself' };
  // Without a Message-ID the content names the message, so a redelivery is still recognised.
  const messageId =
    messageIds(mail.messageId)[0] ?? `<${createHash('sha256').update(raw).digest('hex')}@frontdesk.invalid>`;
  const text = (visibleText(mail) || (mail.subject ?? '').trim()).slice(0, MAX_TEXT);

  if (!text) return { outcome: 'dropped', reason: 'empty message' };
  const facts = await arrivalFacts(ctx.db, {
    channelId: channel.id,
    messageId,
    sender: from,
    since: new Date(Date.now() - 3_600_000),
  });
  if (facts.seenIn) {
    const again = await store(ctx, channel, facts.seenIn, messageId, text, true);
    if (again) return again;
    // Recorded, but its conversation closed before the message was stored: it starts a new one.
  } else if (facts.recent >= config.maxRepliesPerHour)
    return {
      outcome: 'dropped',
      reason: `more than ${config.maxRepliesPerHour} messages an hour from this sender`,
    };

  const inReplyTo = messageIds(mail.inReplyTo);
  const references = messageIds(mail.references);
  const token = splitPlus(envelope.recipient).token;
  const verified =
    config.trustAuthenticationResults && (await senderVerified(raw, envelope.arrival, resolver));
  let conversationId =
    (await openConversationOfIds(ctx.db, channel.id, referencedIds(mail.inReplyTo, mail.references))) ??
    (token ? await openConversationOfToken(ctx.db, channel.id, token) : undefined);
  if (!conversationId) {
    const name =
      mail.from && 'name' in mail.from && mail.from.name ? mail.from.name.slice(0, 200) : undefined;
    ({ conversationId } = await conversationFor(
      ctx,
      channel,
      {
        name,
        identities: [{ type: 'email', value: from, proof: verified ? 'email_authenticated' : undefined }],
      },
      { conversation: { text } },
    ));
  }
  // A conversation whose sender proved who they are is not continued by mail that does not
  // prove it: anyone can write a From header (and a Reply-To to read the answer).
  if (config.trustAuthenticationResults && !verified && (await hasProvedIdentity(ctx, conversationId)))
    return { outcome: 'dropped', reason: 'unauthenticated mail for a verified conversation' };
  if (verified) await proveInConversation(ctx, channel.account_id, conversationId, from);
  const replyTo = mail.replyTo?.flatMap((a) => ('address' in a && a.address ? [a.address] : []))[0];
  await recordInbound(ctx.db, {
    channel,
    conversationId,
    messageId,
    sender: from,
    replyTo: normaliseAddress(replyTo ?? from),
    subject: (mail.subject ?? '').replace(/\s+/g, ' ').trim().slice(0, 300),
    references: references.length ? references : inReplyTo.slice(0, 1),
  });
  return (await store(ctx, channel, conversationId, messageId, text, false))!;
}

/**
 * An authenticated message in a conversation that had not proved the sender's address yet
 * proves it now — for the turn that answers it, so under the conversation's lease (a turn
 * in flight would otherwise write its own list over this one). Only an address the
 * conversation's contact already has: knowing a thread's ids must not add a stranger.
 */
async function proveInConversation(ctx: AppContext, accountId: string, conversationId: string, from: string) {
  const row = await ctx.db
    .selectFrom('conversations as c')
    .innerJoin('contact_identities as i', (j) =>
      j.onRef('i.contact_id', '=', 'c.contact_id').on('i.type', '=', 'email').on('i.value', '=', from),
    )
    .select(['i.id', 'c.verified_identities'])
    .where('c.id', '=', conversationId)
    .executeTakeFirst();
  if (!row || row.verified_identities.includes(row.id)) return;
  await withConversation(ctx, accountId, conversationId, async ({ conversation, contact }) => {
    const identity = await proveIdentity(ctx.db, accountId, contact.id, {
      type: 'email',
      value: from,
      proof: 'email_authenticated',
    });
    if (conversation.verified_identities.includes(identity.id)) return;
    await ctx.db
      .updateTable('conversations')
      .set({ verified_identities: toJson([...conversation.verified_identities, identity.id]) })
      .where('id', '=', conversationId)
      .execute();
  });
}

async function hasProvedIdentity(ctx: AppContext, conversationId: string): Promise<boolean> {
  const row = await ctx.db
    .selectFrom('conversations')
    .select('verified_identities')
    .where('id', '=', conversationId)
    .executeTakeFirst();
  return (row?.verified_identities.length ?? 0) > 0;
}

async function store(
  ctx: AppContext,
  channel: ChannelRow,
  conversationId: string,
  messageId: string,
  text: string,
  redelivery: boolean,
): Promise<InboundOutcome | null> {
  try {
    const got = await receive(
      ctx,
      { accountId: channel.account_id, conversationId, text, channelMessageId: messageId },
      { waitMs: 0 },
    );
    return { outcome: got.duplicate ? 'duplicate' : 'stored', conversationId, messageId: got.messageId };
  } catch (err) {
    // A redelivery found nothing stored under its id (`receive` says duplicate otherwise) in a
    // conversation that has closed since: the caller starts it afresh.
    if (redelivery && err instanceof AppError && err.code === 'conversation_closed') return null;
    throw err;
  }
}
