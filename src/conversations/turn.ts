import { type Kysely, sql } from 'kysely';
import { handoffOf } from '../agents/service.ts';
import { enqueueDelivery, initialDelivery } from '../channels/outbox.ts';
import type { AppContext } from '../context.ts';
import { type DomainEvent, publishEvents } from '../events/domain.ts';
import { newId } from '../shared/ids.ts';
import { toJson } from '../store/json.ts';
import type { DB, MessageRow } from '../store/schema.ts';
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
  const write = { conv, decision, message, replyIds, delivery, result, proved, last };
  // Without a handoff, the turn's writes are one statement (issue 11: a round trip each was
  // most of a turn's time under load); a handoff adds its record in a transaction.
  if (decision.handoff) {
    await inTransaction(ctx.db, async (tx) => {
      owner = await handoffAssignee(tx, conv.account_id, owner);
      await writeTurn(tx, { ...write, owner });
      const transcript = await tx
        .selectFrom('messages')
        .select(['role', 'text', 'turn'])
        .where('conversation_id', '=', conv.id)
        .orderBy('seq')
        .execute();
      await recordHandoff(tx, {
        accountId: conv.account_id,
        conversationId: conv.id,
        reason: decision.handoff!,
        summary: handoffSummary(decision.handoff!, transcript),
        assignee: handoffOf(leased.agent).assignTo,
      });
    });
  } else {
    await writeTurn(ctx.db, { ...write, owner });
  }
  Object.assign(conv, { memory: decision.memory, verified_identities: proved, ...ownerColumns(owner) });
  if (last) conv.lease_until = null;
  await afterCommit(ctx, leased, message.id, replyIds, delivery, decision.handoff, owner);
  return result;
}

/**
 * The turn's results in one statement: the conversation (sequence numbers for the replies,
 * memory, owner, tokens, proofs; the lease ends with the last message), the replies, and
 * the message marked processed. Data-modifying CTEs all run, whether or not referenced.
 */
async function writeTurn(
  db: Kysely<DB>,
  w: {
    conv: Leased['conversation'];
    decision: Decision;
    message: MessageRow;
    replyIds: string[];
    delivery: 'queued' | 'sent';
    result: TurnResult;
    proved: string[];
    last: boolean;
    owner: Owner;
  },
): Promise<void> {
  const { conv, decision, replyIds } = w;
  const n = replyIds.length;
  const columns = ownerColumns(w.owner);
  const deliveredAt = w.delivery === 'sent' ? new Date() : null;
  const replies =
    n > 0
      ? sql`, replies as (
        insert into messages (id, account_id, conversation_id, seq, role, text, parts, reply_to, delivery, delivered_at)
        select r.id, ${conv.account_id}, ${conv.id}, c.first + r.i, 'agent', r.text, r.parts::jsonb,
          ${w.message.id}, ${w.delivery}, ${deliveredAt}::timestamptz
        from c, (values ${sql.join(
          decision.replies.map((r, i) => sql`(${replyIds[i]!}, ${i}::int, ${r.text}, ${toJson(r.parts)})`),
        )}) as r(id, i, text, parts)
      )`
      : sql``;
  await sql`
    with c as (
      update conversations set next_seq = next_seq + ${n}, memory = ${toJson(decision.memory)}::jsonb,
        owner_type = ${columns.owner_type}, owner_id = ${columns.owner_id},
        tokens_used = tokens_used + ${decision.tokens}, verified_identities = ${toJson(w.proved)}::jsonb,
        updated_at = now(), last_activity_at = now()${w.last ? sql`, lease_until = null` : sql``}
      where id = ${conv.id} returning next_seq - ${n} as first
    )${replies}
    update messages set processed_at = ${new Date()}, turn = ${toJson(w.result)}::jsonb
    where id = ${w.message.id}`.execute(db);
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
