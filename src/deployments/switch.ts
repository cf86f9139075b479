import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.ts';

/**
 * The account-wide on/off switch (E5). Off: the agent takes no new conversation on any
 * channel; conversations it already has continue (they are never re-decided). On until
 * someone turns it off.
 */
export interface AgentSwitch {
  on: boolean;
  updatedAt: string | null;
}

export async function getSwitch(db: Kysely<DB>, accountId: string): Promise<AgentSwitch> {
  const row = await db
    .selectFrom('agent_switch')
    .selectAll()
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return row ? { on: row.is_on, updatedAt: row.updated_at.toISOString() } : { on: true, updatedAt: null };
}

export async function setSwitch(db: Kysely<DB>, accountId: string, on: boolean): Promise<AgentSwitch> {
  const row = await db
    .insertInto('agent_switch')
    .values({ account_id: accountId, is_on: on, updated_at: new Date() })
    .onConflict((oc) => oc.column('account_id').doUpdateSet({ is_on: on, updated_at: new Date() }))
    .returningAll()
    .executeTakeFirstOrThrow();
  return { on: row.is_on, updatedAt: row.updated_at.toISOString() };
}
