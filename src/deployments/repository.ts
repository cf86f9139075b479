import type { Kysely } from 'kysely';
import { parseOrThrow } from '../actions/definition/issues.ts';
import { handoffOf } from '../agents/service.ts';
import { conflict, notFound } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { toJson } from '../store/json.ts';
import type { DB, DeploymentRow } from '../store/schema.ts';
import { inTransaction } from '../store/transaction.ts';
import type { Hours } from './hours.ts';
import { resolveRef, resolveWhenUnavailable } from './references.ts';
import { deploymentBodySchema, deploymentPatchSchema, type WhenUnavailable } from './schema.ts';

/**
 * Deployments (E2–E4): an agent assigned to a channel, with working hours and where new
 * conversations go when the agent is not available. One per channel; removing it stops
 * new conversations on that channel from reaching the agent at once.
 */
export interface Deployment {
  id: string;
  agentId: string;
  channelId: string;
  hours: Hours;
  whenUnavailable: WhenUnavailable;
}

export const toDeployment = (r: DeploymentRow): Deployment => ({
  id: r.id,
  agentId: r.agent_id,
  channelId: r.channel_id,
  hours: r.hours as Hours,
  whenUnavailable: r.when_unavailable as WhenUnavailable,
});

async function view(db: Kysely<DB>, r: DeploymentRow) {
  const channel = await db
    .selectFrom('channels')
    .select(['name', 'type'])
    .where('id', '=', r.channel_id)
    .executeTakeFirstOrThrow();
  const agent = await db
    .selectFrom('agents')
    .selectAll()
    .where('id', '=', r.agent_id)
    .executeTakeFirstOrThrow();
  return {
    ...toDeployment(r),
    channel,
    handoff: { settings: handoffOf(agent), editAt: `/api/v1/agents/${agent.id}` },
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

async function findRow(db: Kysely<DB>, accountId: string, id: string): Promise<DeploymentRow> {
  const row = await db
    .selectFrom('deployments')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('Deployment');
  return row;
}

export async function listDeployments(db: Kysely<DB>, accountId: string) {
  const rows = await db
    .selectFrom('deployments')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .execute();
  return Promise.all(rows.map((r) => view(db, r)));
}

export const getDeployment = async (db: Kysely<DB>, accountId: string, id: string) =>
  view(db, await findRow(db, accountId, id));

/** The deployment of a channel, for the routing decision. */
export async function deploymentOfChannel(db: Kysely<DB>, channelId: string): Promise<Deployment | null> {
  const row = await db
    .selectFrom('deployments')
    .selectAll()
    .where('channel_id', '=', channelId)
    .executeTakeFirst();
  return row ? toDeployment(row) : null;
}

export async function createDeployment(db: Kysely<DB>, accountId: string, input: unknown) {
  const body = parseOrThrow(deploymentBodySchema, input, 'deployment');
  return inTransaction(db, async (tx) => {
    const agentId = await resolveRef(tx, accountId, 'agent', body.agentId, 'agentId');
    const channelId = await resolveRef(tx, accountId, 'channel', body.channelId, 'channelId');
    const whenUnavailable = await resolveWhenUnavailable(tx, accountId, body.whenUnavailable);
    const taken = await tx
      .selectFrom('deployments')
      .select('id')
      .where('channel_id', '=', channelId)
      .executeTakeFirst();
    if (taken) {
      throw conflict(
        'An agent is already deployed to this channel; change or remove that deployment.',
        'duplicate',
        [{ path: 'channelId', message: `deployed as ${taken.id}` }],
      );
    }
    const row = await tx
      .insertInto('deployments')
      .values({
        id: newId('dep'),
        account_id: accountId,
        agent_id: agentId,
        channel_id: channelId,
        hours: toJson(body.hours),
        when_unavailable: toJson(whenUnavailable),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return view(tx, row);
  });
}

export async function updateDeployment(db: Kysely<DB>, accountId: string, id: string, input: unknown) {
  const patch = parseOrThrow(deploymentPatchSchema, input, 'deployment');
  return inTransaction(db, async (tx) => {
    const row = await findRow(tx, accountId, id);
    const agentId = patch.agentId
      ? await resolveRef(tx, accountId, 'agent', patch.agentId, 'agentId')
      : row.agent_id;
    const whenUnavailable = patch.whenUnavailable
      ? await resolveWhenUnavailable(tx, accountId, patch.whenUnavailable)
      : row.when_unavailable;
    const updated = await tx
      .updateTable('deployments')
      .set({
        agent_id: agentId,
        hours: toJson(patch.hours ?? row.hours),
        when_unavailable: toJson(whenUnavailable),
        updated_at: new Date(),
      })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return view(tx, updated);
  });
}

export async function deleteDeployment(db: Kysely<DB>, accountId: string, id: string): Promise<void> {
  const row = await findRow(db, accountId, id);
  await db.deleteFrom('deployments').where('id', '=', row.id).execute();
}
