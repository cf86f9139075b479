import { type Kysely, sql } from 'kysely';
import { newId } from '../shared/ids.ts';
import type { DB } from '../store/schema.ts';
import { inTransaction } from '../store/transaction.ts';
import { currentCreditAccount } from './repository.ts';

export interface Consumption {
  /** The conversation has its credit (now or earlier); false = none left, nothing recorded. */
  consumed: boolean;
  /** True when an earlier call (on any process) already consumed it. */
  already: boolean;
  source?: 'allotment' | 'purchased' | 'unlimited';
}

/**
 * Consumes the credit of a conversation the agent takes (E6), exactly once, race-free
 * across processes: the usage row is unique per conversation (a concurrent second call
 * waits on the index and then finds it), and each balance change is one conditional
 * UPDATE that cannot go below zero. When the balance is empty and automatic top-up is on,
 * one pack is added (at most `maxPerPeriod` per period) and the credit taken from it.
 * Joins the caller's transaction when there is one.
 */
export async function consumeCredit(
  db: Kysely<DB>,
  args: { accountId: string; conversationId: string; agentId: string; channel: string; at?: Date },
): Promise<Consumption> {
  const at = args.at ?? new Date();
  return inTransaction(db, async (tx) => {
    const usage = await tx
      .insertInto('credit_usage')
      .values({
        id: newId('use'),
        account_id: args.accountId,
        conversation_id: args.conversationId,
        agent_id: args.agentId,
        channel: args.channel,
        source: 'unlimited',
        created_at: at,
      })
      .onConflict((oc) => oc.column('conversation_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!usage) return { consumed: true, already: true };
    const account = await currentCreditAccount(tx, args.accountId, at);
    if (!account || account.allotment === null)
      return { consumed: true, already: false, source: 'unlimited' };
    let source = await takeOne(tx, args.accountId);
    if (!source) {
      // Whether this call or a concurrent one added the pack, the credit comes from it.
      await autoTopUp(tx, args.accountId);
      source = await takeOne(tx, args.accountId);
    }
    if (!source) {
      // Deleted rather than rolled back, so a caller's surrounding transaction stays usable.
      await tx.deleteFrom('credit_usage').where('id', '=', usage.id).execute();
      return { consumed: false, already: false };
    }
    await tx.updateTable('credit_usage').set({ source }).where('id', '=', usage.id).execute();
    return { consumed: true, already: false, source };
  });
}

/** One credit from the allotment, else from purchased credits; undefined when both are empty. */
async function takeOne(db: Kysely<DB>, accountId: string): Promise<'allotment' | 'purchased' | undefined> {
  const fromAllotment = await db
    .updateTable('credit_accounts')
    .set({ allotment_left: sql<number>`allotment_left - 1` })
    .where('account_id', '=', accountId)
    .where('allotment_left', '>', 0)
    .returning('account_id')
    .executeTakeFirst();
  if (fromAllotment) return 'allotment';
  const fromPurchased = await db
    .updateTable('credit_accounts')
    .set({ purchased_left: sql<number>`purchased_left - 1` })
    .where('account_id', '=', accountId)
    .where('purchased_left', '>', 0)
    .returning('account_id')
    .executeTakeFirst();
  return fromPurchased ? 'purchased' : undefined;
}

/** Adds one automatic pack when the balance is empty and the period's limit allows; true if added. */
async function autoTopUp(db: Kysely<DB>, accountId: string): Promise<boolean> {
  const row = await db
    .updateTable('credit_accounts')
    .set({
      purchased_left: sql<number>`purchased_left + (auto_top_up->>'packSize')::int`,
      auto_top_ups_in_period: sql<number>`auto_top_ups_in_period + 1`,
    })
    .where('account_id', '=', accountId)
    .where('allotment_left', '=', 0)
    .where('purchased_left', '=', 0)
    .where(sql<boolean>`(auto_top_up->>'enabled')::boolean`)
    .where(sql<boolean>`auto_top_ups_in_period < (auto_top_up->>'maxPerPeriod')::int`)
    .returning(sql<number>`(auto_top_up->>'packSize')::int`.as('pack'))
    .executeTakeFirst();
  if (!row) return false;
  await db
    .insertInto('credit_top_ups')
    .values({
      id: newId('top'),
      account_id: accountId,
      credits: Number(row.pack),
      source: 'auto',
      note: null,
    })
    .execute();
  return true;
}
