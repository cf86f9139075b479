import type { Kysely } from 'kysely';
import { parseOrThrow } from '../actions/definition/issues.ts';
import { validateChannelConfig } from '../channels/channel-config.ts';
import { channelSecrets, createChannel, updateChannel } from '../channels/repository.ts';
import { resolveRef, resolveTarget, resolveWhenUnavailable } from '../deployments/references.ts';
import { createDeployment, updateDeployment } from '../deployments/repository.ts';
import { createRule, updateRule } from '../deployments/rules-repository.ts';
import { deploymentBodySchema, routingRuleBodySchema } from '../deployments/schema.ts';
import type { Keyring } from '../secrets/keyring.ts';
import type { DB } from '../store/schema.ts';
import { createTeam, updateTeam } from '../teams/repository.ts';
import { type ApplyOutcome, type ApplyResult, type Resource, sameJson } from './resources.ts';

/**
 * Config as code for who takes conversations: channels, teams, deployments (with their
 * hours) and routing rules. Specs are what the API takes, with names instead of ids
 * (agent and channel names, team names, user emails), so files read well and move
 * between installations. Each kind is keyed by its name (a deployment by its channel).
 */
export type DeployResource = Extract<Resource, { kind: 'Channel' | 'Team' | 'Deployment' | 'RoutingRule' }>;
type Spec = Record<string, unknown>;
const result = (kind: ApplyResult['kind'], name: string, r: ApplyOutcome): ApplyResult => ({
  kind,
  name,
  result: r,
});

export async function applyDeployKind(
  db: Kysely<DB>,
  keyring: Keyring,
  accountId: string,
  r: DeployResource,
): Promise<ApplyResult> {
  const spec = r.spec as Spec;
  if (r.kind === 'Channel') return applyChannel(db, keyring, accountId, spec);
  if (r.kind === 'Team') return applyTeam(db, accountId, spec);
  if (r.kind === 'Deployment') return applyDeployment(db, accountId, spec);
  return applyRule(db, accountId, spec);
}

async function applyChannel(
  db: Kysely<DB>,
  keyring: Keyring,
  accountId: string,
  spec: Spec,
): Promise<ApplyResult> {
  const name = String(spec['name']);
  const row = await db
    .selectFrom('channels')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('name', '=', name)
    .executeTakeFirst();
  const input = {
    type: String(spec['type']),
    name,
    config: spec['config'] as Spec,
    secrets: spec['secrets'] as Record<string, string>,
  };
  if (!row) {
    await createChannel(db, keyring, accountId, input);
    return result('Channel', name, 'created');
  }
  const wanted = validateChannelConfig(input.type, input.config, input.secrets);
  const stored = channelSecrets(row, keyring);
  // Omitted secrets keep their stored values, so files need not carry them on every apply.
  if (
    wanted.type === row.type &&
    sameJson(wanted.config, row.config) &&
    sameJson({ ...stored, ...wanted.secrets }, stored)
  ) {
    return result('Channel', name, 'unchanged');
  }
  await updateChannel(db, keyring, accountId, row.id, input);
  return result('Channel', name, 'updated');
}

async function applyTeam(db: Kysely<DB>, accountId: string, spec: Spec): Promise<ApplyResult> {
  const name = String(spec['name']);
  const members = (spec['members'] as string[] | undefined) ?? [];
  const row = await db
    .selectFrom('teams')
    .select('id')
    .where('account_id', '=', accountId)
    .where('name', '=', name)
    .executeTakeFirst();
  if (!row) {
    await createTeam(db, accountId, { name, members });
    return result('Team', name, 'created');
  }
  const current = await memberIds(db, row.id);
  const wanted = await Promise.all(
    members.map((m, i) => resolveRef(db, accountId, 'user', m, `spec.members[${i}]`)),
  );
  if (sameJson(current, wanted)) return result('Team', name, 'unchanged');
  await updateTeam(db, accountId, row.id, { members });
  return result('Team', name, 'updated');
}

export const memberIds = async (db: Kysely<DB>, teamId: string) =>
  (
    await db
      .selectFrom('team_members')
      .select('user_id')
      .where('team_id', '=', teamId)
      .orderBy('position')
      .execute()
  ).map((m) => m.user_id);

async function applyDeployment(db: Kysely<DB>, accountId: string, spec: Spec): Promise<ApplyResult> {
  const body = parseOrThrow(deploymentBodySchema, spec, 'deployment');
  const channelId = await resolveRef(db, accountId, 'channel', body.channelId, 'channelId');
  const name = body.channelId;
  const row = await db
    .selectFrom('deployments')
    .selectAll()
    .where('channel_id', '=', channelId)
    .executeTakeFirst();
  if (!row) {
    await createDeployment(db, accountId, spec);
    return result('Deployment', name, 'created');
  }
  const wanted = {
    agent_id: await resolveRef(db, accountId, 'agent', body.agentId, 'agentId'),
    hours: body.hours,
    when_unavailable: await resolveWhenUnavailable(db, accountId, body.whenUnavailable),
  };
  if (
    sameJson(wanted, { agent_id: row.agent_id, hours: row.hours, when_unavailable: row.when_unavailable })
  ) {
    return result('Deployment', name, 'unchanged');
  }
  const { channelId: _fixed, ...patch } = spec;
  await updateDeployment(db, accountId, row.id, patch);
  return result('Deployment', name, 'updated');
}

async function applyRule(db: Kysely<DB>, accountId: string, spec: Spec): Promise<ApplyResult> {
  const body = parseOrThrow(routingRuleBodySchema, spec, 'routing rule');
  const row = await db
    .selectFrom('routing_rules')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('name', '=', body.name)
    .executeTakeFirst();
  if (!row) {
    await createRule(db, accountId, spec);
    return result('RoutingRule', body.name, 'created');
  }
  const wanted = {
    condition: body.condition,
    target: await resolveTarget(db, accountId, body.target),
    message: body.message ?? null,
    enabled: body.enabled,
    position: body.position ?? row.position,
  };
  const current = {
    condition: row.condition,
    target: row.target,
    message: row.message,
    enabled: row.enabled,
    position: row.position,
  };
  if (sameJson(wanted, current)) return result('RoutingRule', body.name, 'unchanged');
  await updateRule(db, accountId, row.id, { ...spec, message: body.message ?? null });
  return result('RoutingRule', body.name, 'updated');
}
