import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../store/schema.ts';
import { inTransaction } from '../store/transaction.ts';

/**
 * Round robin (C6, E8): the member picked longest ago (never-picked first, then in team
 * order) gets the next conversation. Race-free across processes: the increment of the
 * team's pick counter locks the team row until the transaction ends, so concurrent
 * pickers queue behind each other and each sees the previous pick. Returns null for a
 * team without members (the conversation then waits in the team's queue).
 */
export async function pickAssignee(db: Kysely<DB>, teamId: string): Promise<string | null> {
  return inTransaction(db, async (tx) => {
    const team = await tx
      .updateTable('teams')
      .set({ picks: sql<number>`picks + 1` })
      .where('id', '=', teamId)
      .returning('picks')
      .executeTakeFirst();
    if (!team) return null;
    const next = await tx
      .selectFrom('team_members')
      .select('user_id')
      .where('team_id', '=', teamId)
      .orderBy(sql`last_pick nulls first`)
      .orderBy('position')
      .limit(1)
      .executeTakeFirst();
    if (!next) return null;
    await tx
      .updateTable('team_members')
      .set({ last_pick: team.picks })
      .where('team_id', '=', teamId)
      .where('user_id', '=', next.user_id)
      .execute();
    return next.user_id;
  });
}
