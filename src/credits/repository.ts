import { type Kysely, sql } from 'kysely';
import { invalid } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { toJson } from '../store/json.ts';
import type { CreditAccountRow, DB } from '../store/schema.ts';
import { inTransaction } from '../store/transaction.ts';
import { addPeriod, periodContaining } from './period.ts';
import type { CreditsPatch } from './schema.ts';

/**
 * The credit account of an account (E6). No row = unlimited. The allotment resets lazily:
 * whoever first touches the account after the period ended rolls it forward, with a
 * compare-and-set on the old end so two processes cannot both reset it. Purchased credits
 * carry over; they are spent after the allotment.
 */
const DEFAULT_AUTO_TOP_UP = { enabled: false, packSize: 1000, maxPerPeriod: 1 };

export async function currentCreditAccount(
  db: Kysely<DB>,
  accountId: string,
  at: Date = new Date(),
): Promise<CreditAccountRow | undefined> {
  const row = await db
    .selectFrom('credit_accounts')
    .selectAll()
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!row || at.getTime() < row.period_end.getTime()) return row;
  const next = periodContaining(row.period_anchor, row.period, at);
  const reset = await db
    .updateTable('credit_accounts')
    .set({
      allotment_left: row.allotment ?? 0,
      period_start: next.start,
      period_end: next.end,
      auto_top_ups_in_period: 0,
      updated_at: new Date(),
    })
    .where('account_id', '=', accountId)
    .where('period_end', '=', row.period_end)
    .returningAll()
    .executeTakeFirst();
  return (
    reset ??
    (await db
      .selectFrom('credit_accounts')
      .selectAll()
      .where('account_id', '=', accountId)
      .executeTakeFirst())
  );
}

/** Whether the agent can take one more conversation now (balance, or an automatic top-up left). */
export async function creditsAvailable(
  db: Kysely<DB>,
  accountId: string,
  at: Date = new Date(),
): Promise<boolean> {
  const row = await currentCreditAccount(db, accountId, at);
  if (!row || row.allotment === null) return true;
  if (row.allotment_left + row.purchased_left > 0) return true;
  const auto = row.auto_top_up;
  return auto.enabled && row.auto_top_ups_in_period < auto.maxPerPeriod;
}

export async function updateCredits(
  db: Kysely<DB>,
  accountId: string,
  patch: CreditsPatch,
  now = new Date(),
) {
  if (patch.resetAt && new Date(patch.resetAt).getTime() <= now.getTime()) {
    throw invalid('The reset date must be in the future.', [
      { path: 'resetAt', message: 'must be in the future' },
    ]);
  }
  return inTransaction(db, async (tx) => {
    const row = await currentCreditAccount(tx, accountId, now);
    if (!row) {
      const period = patch.period ?? 'month';
      const allotment = patch.allotment === undefined ? null : patch.allotment;
      const end = patch.resetAt ? new Date(patch.resetAt) : addPeriod(now, period);
      await tx
        .insertInto('credit_accounts')
        .values({
          account_id: accountId,
          allotment,
          period,
          period_start: now,
          period_end: end,
          period_anchor: end,
          allotment_left: allotment ?? 0,
          auto_top_up: toJson({ ...DEFAULT_AUTO_TOP_UP, ...patch.autoTopUp }),
        })
        .execute();
      return;
    }
    const allotment = patch.allotment === undefined ? row.allotment : patch.allotment;
    await tx
      .updateTable('credit_accounts')
      .set({
        allotment,
        // A changed allotment changes what is left by the difference, atomically.
        allotment_left:
          row.allotment === null
            ? (allotment ?? 0)
            : sql<number>`greatest(0, allotment_left + ${(allotment ?? row.allotment) - row.allotment})`,
        period: patch.period ?? row.period,
        period_end: patch.resetAt ? new Date(patch.resetAt) : row.period_end,
        // A new reset date or period counts from the current end of period.
        period_anchor: patch.resetAt
          ? new Date(patch.resetAt)
          : patch.period
            ? row.period_end
            : row.period_anchor,
        auto_top_up: toJson(patch.autoTopUp ? { ...row.auto_top_up, ...patch.autoTopUp } : row.auto_top_up),
        updated_at: new Date(),
      })
      .where('account_id', '=', accountId)
      .execute();
  });
}

/** A purchased pack (or an automatic one): adds to the credits that carry over. */
export async function addTopUp(
  db: Kysely<DB>,
  accountId: string,
  top: { credits: number; source: 'purchase' | 'auto'; note?: string | undefined },
  now = new Date(),
): Promise<void> {
  await inTransaction(db, async (tx) => {
    const row = await currentCreditAccount(tx, accountId, now);
    if (!row) {
      throw invalid('Credits are unlimited for this account; set an allotment first.', [
        { path: 'credits', message: 'no allotment set' },
      ]);
    }
    await tx
      .updateTable('credit_accounts')
      .set({ purchased_left: sql<number>`purchased_left + ${top.credits}`, updated_at: new Date() })
      .where('account_id', '=', accountId)
      .execute();
    await tx
      .insertInto('credit_top_ups')
      .values({
        id: newId('top'),
        account_id: accountId,
        credits: top.credits,
        source: top.source,
        note: top.note ?? null,
      })
      .execute();
  });
}

export async function creditsOverview(db: Kysely<DB>, accountId: string, now = new Date()) {
  const row = await currentCreditAccount(db, accountId, now);
  const since = row?.period_start ?? new Date(0);
  const used = await db
    .selectFrom('credit_usage')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('account_id', '=', accountId)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  const topUps = await db
    .selectFrom('credit_top_ups')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .limit(20)
    .execute();
  const unlimited = !row || row.allotment === null;
  return {
    unlimited,
    allotment: row?.allotment ?? null,
    period: row?.period ?? 'month',
    periodStart: row?.period_start.toISOString() ?? null,
    resetAt: row?.period_end.toISOString() ?? null,
    allotmentLeft: unlimited ? null : row!.allotment_left,
    purchasedLeft: row?.purchased_left ?? 0,
    balance: unlimited ? null : row!.allotment_left + row!.purchased_left,
    usedThisPeriod: Number(used.n),
    autoTopUp: row?.auto_top_up ?? DEFAULT_AUTO_TOP_UP,
    autoTopUpsThisPeriod: row?.auto_top_ups_in_period ?? 0,
    topUps: topUps.map((t) => ({
      id: t.id,
      credits: t.credits,
      source: t.source,
      note: t.note,
      createdAt: t.created_at.toISOString(),
    })),
  };
}
