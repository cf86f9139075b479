import type { Kysely } from 'kysely';
import type { AppContext } from '../context.ts';
import { publishAccountEvent } from '../events/domain.ts';
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

/** Sets the switch and tells every process (`agent_switch.changed`: open widgets update their header). */
export async function setSwitch(
  ctx: Pick<AppContext, 'db' | 'events' | 'log'>,
  accountId: string,
  on: boolean,
): Promise<AgentSwitch> {
  const row = await ctx.db
    .insertInto('agent_switch')
    .values({ account_id: accountId, is_on: on, updated_at: new Date() })
    .onConflict((oc) => oc.column('account_id').doUpdateSet({ is_on: on, updated_at: new Date() }))
    .returningAll()
    .executeTakeFirstOrThrow();
  await publishAccountEvent(ctx.events, { name: 'agent_switch.changed', accountId }, (err) =>
    ctx.log.warn({ err }, 'event not published'),
  );
  return { on: row.is_on, updatedAt: row.updated_at.toISOString() };
}
