import { sql } from 'kysely';
import { getAgentRow, handoffOf } from '../agents/service.ts';
import { enqueueDelivery, initialDelivery, notifyStored } from '../channels/outbox.ts';
import { adapterFor } from '../channels/registry.ts';
import type { AppContext } from '../context.ts';
import { type DomainEvent, publishEvents } from '../events/domain.ts';
import { conflict } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { toJson } from '../store/json.ts';
import { inTransaction } from '../store/transaction.ts';
import { type ContactInput, type ResolvedContact, resolveContact } from './contacts.ts';
import { handoffSummary, recordHandoff } from './handoff.ts';
import { withConversation } from './lease.ts';
import {
  type Lifecycle,
  type Owner,
  ownerColumns,
  ownerOf,
  type Transition,
  transition,
} from './lifecycle.ts';
import { handoffOwner, ownerEvent } from './turn.ts';

/**
 * Named operations on a conversation (Outline's commands are the model): start one, close
 * it, hand it back, a person's reply. Each checks the lifecycle's rules, writes in one
 * transaction and publishes its events after the commit.
 */
export interface StartConversation {
  agentId: string;
  /** The channel type, and the registered channel for customer channels. */
  channel: string;
  channelId?: string | null;
  draft?: boolean;
  contact: ContactInput;
  /** The agent's greeting opens the transcript (default); channels where the customer wrote first skip it. */
  greet?: boolean;
  /** The contact, when the caller resolved it already (in this transaction or under its lock). */
  resolved?: Pick<ResolvedContact, 'contact' | 'proved'>;
}

export async function startConversation(ctx: AppContext, accountId: string, input: StartConversation) {
  const agent = await getAgentRow(ctx.db, accountId, input.agentId);
  const delivery = initialDelivery(input.channel);
  const greetingId = newId('msg');
  const greet = input.greet ?? true;
  const created = await inTransaction(ctx.db, async (tx) => {
    const { contact, proved } = input.resolved ?? (await resolveContact(tx, accountId, input.contact));
    const id = newId('cnv');
    await tx
      .insertInto('conversations')
      .values({
        id,
        account_id: accountId,
        agent_id: agent.id,
        contact_id: contact.id,
        channel: input.channel,
        channel_id: input.channelId ?? null,
        draft: input.draft ?? false,
        memory: toJson({}),
        next_seq: greet ? 2 : 1,
        verified_identities: toJson(proved),
      })
      .execute();
    if (!greet) return { id, contactId: contact.id };
    await tx
      .insertInto('messages')
      .values({
        id: greetingId,
        account_id: accountId,
        conversation_id: id,
        seq: 1,
        role: 'agent',
        text: agent.greeting,
        parts: toJson([{ type: 'text', text: agent.greeting }]),
        delivery,
        ...(delivery === 'sent' ? { delivered_at: new Date() } : {}),
      })
      .execute();
    return { id, contactId: contact.id };
  });
  if (greet && delivery === 'queued') await enqueueDelivery(ctx, greetingId);
  else if (greet && adapterFor(input.channel).notify) {
    // As its outbox job did: the greeting is sent, and the channel told.
    const ids = { accountId, conversationId: created.id, messageId: greetingId, channel: input.channel };
    await publishEvents(ctx.events, [{ name: 'message.sent', ...ids }], (err) => ctx.log.warn({ err }));
    await notifyStored(ctx, input.channel, ids);
  }
  return { ...created, state: 'bot' as const, greeting: agent.greeting };
}

/** Moves a conversation through the lifecycle under its lease; `apply` adds the move's own writes. */
async function move(
  ctx: AppContext,
  accountId: string,
  conversationId: string,
  t: Transition,
  extra: Record<string, unknown> = {},
): Promise<Lifecycle> {
  return withConversation(ctx, accountId, conversationId, async ({ conversation: c }) => {
    const from: Lifecycle = { status: c.status, owner: ownerOf(c) };
    const r = transition(from, t);
    if (!r.ok) throw conflict(r.message, r.code);
    const ids = { accountId, conversationId };
    const events: DomainEvent[] = [];
    await inTransaction(ctx.db, async (tx) => {
      await tx
        .updateTable('conversations')
        .set({
          status: r.next.status,
          ...ownerColumns(r.next.owner),
          lease_until: null,
          updated_at: new Date(),
          ...(t.type === 'close'
            ? { closed_at: new Date(), close_reason: String(extra['reason'] ?? 'closed') }
            : {}),
          ...(t.type === 'hand_back' ? { memory: toJson({}) } : {}),
        })
        .where('id', '=', conversationId)
        .execute();
      if (t.type === 'hand_back' || t.type === 'close') {
        await tx
          .updateTable('handoffs')
          .set({ resolved_at: new Date() })
          .where('conversation_id', '=', conversationId)
          .where('resolved_at', 'is', null)
          .execute();
      }
    });
    c.lease_until = null;
    if (t.type === 'close')
      events.push({ name: 'conversation.closed', ...ids, reason: String(extra['reason'] ?? 'closed') });
    if (t.type === 'hand_back') events.push({ name: 'conversation.handed_back', ...ids });
    if (t.type === 'assign' || t.type === 'hand_off' || t.type === 'hand_back')
      events.push({ name: 'conversation.assigned', ...ids, ...ownerEvent(r.next.owner) });
    await publishEvents(ctx.events, events, (err) => ctx.log.warn({ err }, 'event not published'));
    return r.next;
  });
}

export const closeConversation = (ctx: AppContext, accountId: string, id: string, reason = 'closed') =>
  move(ctx, accountId, id, { type: 'close' }, { reason });

/** A person hands the conversation back to the agent (C6); the engine starts afresh. */
export const handBack = (ctx: AppContext, accountId: string, id: string) =>
  move(ctx, accountId, id, { type: 'hand_back' });

export const assignConversation = (ctx: AppContext, accountId: string, id: string, to: Owner) =>
  move(ctx, accountId, id, { type: 'assign', to });

/**
 * A person's reply: stored in turn order under the conversation's lease and sent through
 * the outbox on the conversation's channel.
 */
export const humanReply = (
  ctx: AppContext,
  accountId: string,
  conversationId: string,
  text: string,
  authorId: string | null = null,
) => outbound(ctx, accountId, conversationId, text, 'human', authorId);

/** A message from the business itself (e.g. "we are away"), sent like a person's. */
export const systemMessage = (ctx: AppContext, accountId: string, conversationId: string, text: string) =>
  outbound(ctx, accountId, conversationId, text, 'system', null);

async function outbound(
  ctx: AppContext,
  accountId: string,
  conversationId: string,
  text: string,
  role: 'human' | 'system',
  authorId: string | null,
): Promise<{ id: string }> {
  return withConversation(ctx, accountId, conversationId, async ({ conversation: c }) => {
    if (c.status === 'closed') throw conflict('The conversation is closed.', 'conversation_closed');
    const id = newId('msg');
    const delivery = initialDelivery(c.channel, role);
    await sql`
      with s as (
        update conversations set next_seq = next_seq + 1, lease_until = null, updated_at = now(),
          last_activity_at = now()
        where id = ${conversationId} returning next_seq - 1 as seq
      )
      insert into messages (id, account_id, conversation_id, seq, role, text, parts, author_id, delivery, delivered_at)
      select ${id}, ${accountId}, ${conversationId}, s.seq, ${role}, ${text},
        ${toJson([{ type: 'text', text }])}::jsonb, ${authorId}, ${delivery},
        ${delivery === 'sent' ? new Date() : null} from s`.execute(ctx.db);
    c.lease_until = null;
    const ids = { accountId, conversationId, messageId: id, channel: c.channel };
    if (delivery === 'queued') await enqueueDelivery(ctx, id);
    else {
      await publishEvents(ctx.events, [{ name: 'message.sent', ...ids }], (err) => ctx.log.warn({ err }));
      await notifyStored(ctx, c.channel, { conversationId, messageId: id });
    }
    return { id };
  });
}

/**
 * Hands a conversation the agent has to a person (the agent's handoff setting, C6) when the
 * channel cannot carry its replies (e.g. WhatsApp's 24-hour window closed), with a handoff
 * record and summary as a turn's handoff has. A conversation a person has already is left as is.
 */
export async function handOffConversation(
  ctx: AppContext,
  accountId: string,
  conversationId: string,
  reason: string,
): Promise<Lifecycle> {
  return withConversation(ctx, accountId, conversationId, async ({ conversation: c, agent }) => {
    const from: Lifecycle = { status: c.status, owner: ownerOf(c) };
    if (from.status === 'closed' || from.owner.type !== 'agent') return from;
    const assignTo = handoffOf(agent).assignTo;
    const to = handoffOwner(assignTo);
    const r = transition(from, { type: 'hand_off', to });
    if (!r.ok) throw conflict(r.message, r.code);
    await inTransaction(ctx.db, async (tx) => {
      await tx
        .updateTable('conversations')
        .set({ ...ownerColumns(to), lease_until: null, updated_at: new Date() })
        .where('id', '=', conversationId)
        .execute();
      const transcript = await tx
        .selectFrom('messages')
        .select(['role', 'text', 'turn'])
        .where('conversation_id', '=', conversationId)
        .orderBy('seq')
        .execute();
      await recordHandoff(tx, {
        accountId,
        conversationId,
        reason,
        summary: handoffSummary(reason, transcript),
        assignee: assignTo,
      });
    });
    c.lease_until = null;
    const ids = { accountId, conversationId };
    await publishEvents(
      ctx.events,
      [
        { name: 'conversation.handed_off', ...ids, reason },
        { name: 'conversation.assigned', ...ids, ...ownerEvent(to) },
      ],
      (err) => ctx.log.warn({ err }, 'event not published'),
    );
    return r.next;
  });
}
