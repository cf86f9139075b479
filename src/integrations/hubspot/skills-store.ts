import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.ts';
import { conflict, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { toJson } from '../../store/json.ts';
import type { DB, SkillRow } from '../../store/schema.ts';
import { inTransaction } from '../../store/transaction.ts';
import type { Binding } from './bindings/grammar.ts';
import { type CrmSkillDefinition, crmAccess, crmSkillDefinition, crmSource } from './crm-definition.ts';
import { PACK, PACK_KEYS, type PackKey } from './pack/definitions.ts';

/**
 * The agent's HubSpot skills are rows of `skills` of the `crm` kind (./skill-kind.ts): the
 * pack's seven and bindings. They are published as they are made (version 1), so the
 * catalog offers them at once; the engines run them like actions.
 */
export interface HubSpotSkillRow {
  id: string;
  agentId: string;
  key: string;
  source: 'pack' | 'binding';
  kind: 'read' | 'write';
  /** `{pack: key}` or the binding. */
  definition: Record<string, unknown>;
  createdAt: string;
}

const view = (r: SkillRow): HubSpotSkillRow => {
  const d = r.definition as unknown as CrmSkillDefinition;
  return {
    id: r.id,
    agentId: r.agent_id,
    key: r.key,
    source: d.source,
    kind: crmAccess(d),
    definition: crmSource(d),
    createdAt: r.created_at.toISOString(),
  };
};

/** Inserts a published skill (version 1); undefined when the agent already has one with its key or name. */
async function insertPublished(
  db: Kysely<DB>,
  accountId: string,
  agentId: string,
  definition: CrmSkillDefinition,
): Promise<SkillRow | undefined> {
  return inTransaction(db, async (tx) => {
    const row = await tx
      .insertInto('skills')
      .values({
        id: newId('hsk'),
        account_id: accountId,
        agent_id: agentId,
        type: 'crm',
        key: definition.key,
        name: definition.name,
        status: 'published',
        definition: toJson(definition),
        published_version: 1,
        latest_version: 1,
      })
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
    if (row)
      await tx
        .insertInto('skill_versions')
        .values({ skill_id: row.id, account_id: accountId, version: 1, definition: toJson(definition) })
        .execute();
    return row;
  });
}

/** Installs the pack for one agent; an existing skill is left alone and reported `created: false`. */
export async function installPack(
  ctx: AppContext,
  accountId: string,
  agentId: string,
): Promise<Array<{ key: PackKey; kind: 'read' | 'write'; created: boolean }>> {
  const out: Array<{ key: PackKey; kind: 'read' | 'write'; created: boolean }> = [];
  for (const key of PACK_KEYS) {
    const row = await insertPublished(ctx.db, accountId, agentId, crmSkillDefinition({ pack: key }));
    out.push({ key, kind: PACK[key].kind, created: row !== undefined });
  }
  return out;
}

/** Installs the pack for every agent of the account (what connecting does, seed 003). */
export async function installPackForAccount(ctx: AppContext, accountId: string): Promise<void> {
  const agents = await ctx.db.selectFrom('agents').select('id').where('account_id', '=', accountId).execute();
  for (const a of agents) await installPack(ctx, accountId, a.id);
}

export async function saveBinding(
  ctx: AppContext,
  accountId: string,
  agentId: string,
  binding: Binding,
): Promise<HubSpotSkillRow> {
  const row = await insertPublished(ctx.db, accountId, agentId, crmSkillDefinition(binding));
  if (!row)
    throw conflict(
      `The agent already has a skill "${binding.key}" (or one named "${binding.name}").`,
      'duplicate_key',
      [{ path: 'key', message: 'already used' }],
    );
  return view(row);
}

const crmRows = (db: Kysely<DB>, accountId: string, agentId: string) =>
  db
    .selectFrom('skills')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('agent_id', '=', agentId)
    .where('type', '=', 'crm');

export async function listHubSpotSkills(
  ctx: AppContext,
  accountId: string,
  agentId: string,
): Promise<HubSpotSkillRow[]> {
  const rows = await crmRows(ctx.db, accountId, agentId).orderBy('created_at').orderBy('key').execute();
  return rows.map(view);
}

/** One HubSpot skill with the definition that runs. */
export async function getHubSpotSkill(
  ctx: AppContext,
  accountId: string,
  agentId: string,
  key: string,
): Promise<HubSpotSkillRow & { run: CrmSkillDefinition }> {
  const row = await crmRows(ctx.db, accountId, agentId).where('key', '=', key).executeTakeFirst();
  if (!row) throw notFound(`HubSpot skill "${key}"`);
  return { ...view(row), run: row.definition as unknown as CrmSkillDefinition };
}

/** Removes one HubSpot skill from the agent (a pack skill comes back with the next install). */
export async function deleteHubSpotSkill(
  ctx: AppContext,
  accountId: string,
  agentId: string,
  key: string,
): Promise<void> {
  const gone = await ctx.db
    .deleteFrom('skills')
    .where('account_id', '=', accountId)
    .where('agent_id', '=', agentId)
    .where('type', '=', 'crm')
    .where('key', '=', key)
    .returning('id')
    .executeTakeFirst();
  if (!gone) throw notFound(`HubSpot skill "${key}"`);
}
