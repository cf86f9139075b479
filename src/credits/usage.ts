import { type Kysely, sql } from 'kysely';
import type { DB } from '../store/schema.ts';

/** Credits used between two instants, per UTC day, per channel and per agent (E6). */
export async function creditUsage(db: Kysely<DB>, accountId: string, from: Date, to: Date) {
  const base = db
    .selectFrom('credit_usage')
    .where('account_id', '=', accountId)
    .where('created_at', '>=', from)
    .where('created_at', '<', to);
  const day = sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD')`;
  const count = sql<string>`count(*)`;
  const [byDay, byChannel, byAgent] = await Promise.all([
    base
      .select([day.as('key'), count.as('n')])
      .groupBy(day)
      .orderBy(day)
      .execute(),
    base
      .select(['channel as key', count.as('n')])
      .groupBy('channel')
      .orderBy('channel')
      .execute(),
    base
      .select(['agent_id as key', count.as('n')])
      .groupBy('agent_id')
      .orderBy('agent_id')
      .execute(),
  ]);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    total: byDay.reduce((s, r) => s + Number(r.n), 0),
    byDay: byDay.map((r) => ({ day: r.key, credits: Number(r.n) })),
    byChannel: byChannel.map((r) => ({ channel: r.key, credits: Number(r.n) })),
    byAgent: byAgent.map((r) => ({ agentId: r.key, credits: Number(r.n) })),
  };
}
