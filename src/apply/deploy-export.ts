import type { Kysely } from 'kysely';
import type { RuleTarget, WhenUnavailable } from '../deployments/schema.ts';
import type { DB } from '../store/schema.ts';
import { type DeployResource, memberIds } from './deploy-kinds.ts';
import type { Resource } from './resources.ts';

/** The account's channels, teams, deployments and rules as resources; secrets never included. */
export async function exportDeployKinds(
  db: Kysely<DB>,
  accountId: string,
  kinds: Set<DeployResource['kind']>,
): Promise<Resource[]> {
  const out: Resource[] = [];
  const names = {
    agent: new Map(
      (
        await db.selectFrom('agents').select(['id', 'name']).where('account_id', '=', accountId).execute()
      ).map((a) => [a.id, a.name]),
    ),
    team: new Map(
      (await db.selectFrom('teams').select(['id', 'name']).where('account_id', '=', accountId).execute()).map(
        (a) => [a.id, a.name],
      ),
    ),
    user: new Map(
      (
        await db.selectFrom('users').select(['id', 'email']).where('account_id', '=', accountId).execute()
      ).map((a) => [a.id, a.email]),
    ),
  };
  const channels = await db
    .selectFrom('channels')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .execute();
  if (kinds.has('Channel')) {
    for (const c of channels)
      out.push({ kind: 'Channel', spec: { type: c.type, name: c.name, config: c.config } });
  }
  if (kinds.has('Team')) {
    const teams = await db
      .selectFrom('teams')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('name')
      .execute();
    for (const t of teams) {
      const members = (await memberIds(db, t.id)).map((id) => names.user.get(id) ?? id);
      out.push({ kind: 'Team', spec: { name: t.name, members } });
    }
  }
  const named = <T extends WhenUnavailable | RuleTarget>(x: T): T => {
    const y = { ...x } as Record<string, unknown>;
    if (typeof y['teamId'] === 'string') y['teamId'] = names.team.get(y['teamId']) ?? y['teamId'];
    if (typeof y['userId'] === 'string') y['userId'] = names.user.get(y['userId']) ?? y['userId'];
    if (typeof y['agentId'] === 'string') y['agentId'] = names.agent.get(y['agentId']) ?? y['agentId'];
    return y as T;
  };
  if (kinds.has('Deployment')) {
    const deps = await db
      .selectFrom('deployments')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('created_at')
      .execute();
    for (const d of deps) {
      out.push({
        kind: 'Deployment',
        spec: {
          agentId: names.agent.get(d.agent_id) ?? d.agent_id,
          channelId: channels.find((c) => c.id === d.channel_id)?.name ?? d.channel_id,
          hours: d.hours,
          whenUnavailable: named(d.when_unavailable as WhenUnavailable),
        },
      });
    }
  }
  if (kinds.has('RoutingRule')) {
    const rules = await db
      .selectFrom('routing_rules')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('position')
      .execute();
    for (const r of rules) {
      out.push({
        kind: 'RoutingRule',
        spec: {
          name: r.name,
          condition: r.condition,
          target: named(r.target as RuleTarget),
          ...(r.message ? { message: r.message } : {}),
          enabled: r.enabled,
        },
      });
    }
  }
  return out;
}
