import { sql } from 'kysely';
import { handoffOf } from '../agents/service.ts';
import { enqueueDelivery, initialDelivery } from '../channels/outbox.ts';
import type { AppContext } from '../context.ts';
import { type DomainEvent, publishEvents } from '../events/domain.ts';
import { newId } from '../shared/ids.ts';
import { toJson } from '../store/json.ts';
import type { MessageRow } from '../store/schema.ts';
import { inTransaction } from '../store/transaction.ts';
import { type Decision, decide } from './decide.ts';
import { awaitingOf } from './engine/index.ts';
import { handoffAssignee, handoffSummary, recordHandoff } from './handoff.ts';
import { type Leased, withConversation } from './lease.ts';
import { agentAnswers, apiState, type Lifecycle, type Owner, ownerColumns, ownerOf } from './lifecycle.ts';
import type { TurnResult } from './turn-result.ts';

/**
 * Processing: every accepted inbound message of a conversation, in order, under the
 * conversation's lease. The engine decides; the results (replies into the outbox, the
 * engine's memory, the owner after a handoff, the processed mark) are written in one
 * transaction; deliveries and events follow the commit.
 */
export async function processConversation(
  ctx: AppContext,
  accountId: string,
  conversationId: string,
): Promise<Map<string, TurnResult>> {
  return withConversation(ctx, accountId, conversationId, async (leased) => {
    const done = new Map<string, TurnResult>();
    const { pending } = leased;
    for (const [i, message] of pending.entries()) {
      const last = i === pending.length - 1;
      done.set(message.id, await runTurn(ctx, leased, message, last));
    }
    if (pending.length === 0) await releaseNow(ctx, leased);
    return done;
  });
}

async function runTurn(
  ctx: AppContext,
  leased: Leased,
  message: MessageRow,
  last: boolean,
): Promise<TurnResult> {
  const conv = leased.conversation;
  const lifecycle: Lifecycle = { status: conv.status, owner: ownerOf(conv) };
  const proved = [...conv.verified_identities];
  // With a person (or closed), the agent stays silent: the message waits for the inbox.
  const decision: Decision = agentAnswers(lifecycle)
    ? await decide(ctx, leased, message.text, proved)
    : { memory: conv.memory, replies: [], trace: { engine: 'builtin' }, tokens: 0 };
  let owner: Owner = decision.handoff ? handoffOwner(handoffOf(leased.agent).assignTo) : lifecycle.owner;
  const state = apiState({ ...lifecycle, owner }, awaitingOf(decision.memory));
  const replyIds = decision.replies.map(() => newId('msg'));
  const result: TurnResult = {
    replies: decision.replies.map((r) => ({ text: r.text })),
    state,
    trace: decision.trace,
  };
  const delivery = initialDelivery(conv.channel);
  await inTransaction(ctx.db, async (tx) => {
    if (decision.handoff) owner = await handoffAssignee(tx, conv.account_id, owner);
    const n = replyIds.length;
    const { rows } = await sql<{ first: number }>`
      update conversations set next_seq = next_seq + ${n}, memory = ${toJson(decision.memory)}::jsonb,
        owner_type = ${ownerColumns(owner).owner_type}, owner_id = ${ownerColumns(owner).owner_id},
        tokens_used = tokens_used + ${decision.tokens}, verified_identities = ${toJson(proved)}::jsonb,
        updated_at = now(), last_activity_at = now()${last ? sql`, lease_until = null` : sql``}
      where id = ${conv.id} returning next_seq - ${n} as first`.execute(tx);
    const first = rows[0]!.first;
    if (n > 0) {
      await tx
        .insertInto('messages')
        .values(
          decision.replies.map((r, i) => ({
            id: replyIds[i]!,
            account_id: conv.account_id,
            conversation_id: conv.id,
            seq: first + i,
            role: 'agent' as const,
            text: r.text,
            parts: toJson(r.parts),
            reply_to: message.id,
            delivery,
            ...(delivery === 'sent' ? { delivered_at: new Date() } : {}),
          })),
        )
        .execute();
    }
    await tx
      .updateTable('messages')
      .set({ processed_at: new Date(), turn: toJson(result) })
      .where('id', '=', message.id)
      .execute();
    if (decision.handoff) {
      const transcript = await tx
        .selectFrom('messages')
        .select(['role', 'text', 'turn'])
        .where('conversation_id', '=', conv.id)
        .orderBy('seq')
        .execute();
      await recordHandoff(tx, {
        accountId: conv.account_id,
        conversationId: conv.id,
        reason: decision.handoff,
        summary: handoffSummary(decision.handoff, transcript),
        assignee: handoffOf(leased.agent).assignTo,
      });
    }
  });
  Object.assign(conv, { memory: decision.memory, verified_identities: proved, ...ownerColumns(owner) });
  if (last) conv.lease_until = null;
  await afterCommit(ctx, leased, message.id, replyIds, delivery, decision.handoff, owner);
  return result;
}

async function afterCommit(
  ctx: AppContext,
  leased: Leased,
  messageId: string,
  replyIds: string[],
  delivery: 'queued' | 'sent',
  handoff: string | undefined,
  owner: Owner,
): Promise<void> {
  const conv = leased.conversation;
  const ids = { accountId: conv.account_id, conversationId: conv.id };
  const events: DomainEvent[] = [{ name: 'message.processed', ...ids, messageId }];
  for (const id of replyIds) {
    if (delivery === 'queued') await enqueueDelivery(ctx, id);
    else events.push({ name: 'message.sent', ...ids, messageId: id, channel: conv.channel });
  }
  if (handoff) {
    events.push({ name: 'conversation.handed_off', ...ids, reason: handoff });
    events.push({ name: 'conversation.assigned', ...ids, ...ownerEvent(owner) });
  }
  await publishEvents(ctx.events, events, (err) => ctx.log.warn({ err }, 'event not published'));
}

export const ownerEvent = (owner: Owner) => ({
  ownerType: owner.type,
  ownerId: owner.type === 'user' || owner.type === 'team' ? owner.id : null,
});

/** The agent's handoff setting (`unassigned`, `team:<name>`, `user:<id>`) as an owner. */
export function handoffOwner(assignTo: string): Owner {
  const [type, ...rest] = assignTo.split(':');
  const id = rest.join(':');
  if ((type === 'team' || type === 'user') && id) return { type, id };
  return { type: 'unassigned' };
}

async function releaseNow(ctx: AppContext, leased: Leased): Promise<void> {
  await ctx.db
    .updateTable('conversations')
    .set({ lease_until: null })
    .where('id', '=', leased.conversation.id)
    .execute();
  leased.conversation.lease_until = null;
}
