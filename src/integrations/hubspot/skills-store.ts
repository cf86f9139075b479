import type { AppContext } from '../../context.ts';
import { conflict, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { toJson } from '../../store/json.ts';
import type { Binding } from './bindings/grammar.ts';
import { bindingKind } from './bindings/grammar.ts';
import { PACK, PACK_KEYS, type PackKey } from './pack/definitions.ts';

/**
 * The agent's HubSpot skills, in one table: the pack's seven (`source: 'pack'`, definition
 * `{pack: key}`) and bindings (`source: 'binding'`, definition = the binding). The `crm`
 * skill kind (./skill-kind.ts) reads them.
 */
export interface HubSpotSkillRow {
  id: string;
  agentId: string;
  key: string;
  source: 'pack' | 'binding';
  kind: 'read' | 'write';
  definition: Record<string, unknown>;
  createdAt: string;
}

const view = (r: {
  id: string;
  agent_id: string;
  key: string;
  source: 'pack' | 'binding';
  kind: 'read' | 'write';
  definition: Record<string, unknown>;
  created_at: Date;
}): HubSpotSkillRow => ({
  id: r.id,
  agentId: r.agent_id,
  key: r.key,
  source: r.source,
  kind: r.kind,
  definition: r.definition,
  createdAt: r.created_at.toISOString(),
});

/** Installs the pack for one agent; an existing skill is left alone and reported `created: false`. */
export async function installPack(
  ctx: AppContext,
  accountId: string,
  agentId: string,
): Promise<Array<{ key: PackKey; kind: 'read' | 'write'; created: boolean }>> {
  const out: Array<{ key: PackKey; kind: 'read' | 'write'; created: boolean }> = [];
  for (const key of PACK_KEYS) {
    const row = await ctx.db
      .insertInto('hubspot_skills')
      .values({
        id: newId('hsk'),
        account_id: accountId,
        agent_id: agentId,
        key,
        source: 'pack',
        kind: PACK[key].kind,
        definition: toJson({ pack: key }),
      })
      .onConflict((oc) => oc.columns(['agent_id', 'key']).doNothing())
      .returning('id')
      .executeTakeFirst();
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
  const row = await ctx.db
    .insertInto('hubspot_skills')
    .values({
      id: newId('hsk'),
      account_id: accountId,
      agent_id: agentId,
      key: binding.key,
      source: 'binding',
      kind: bindingKind(binding),
      definition: toJson(binding),
    })
    .onConflict((oc) => oc.columns(['agent_id', 'key']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row)
    throw conflict(`The agent already has a HubSpot skill "${binding.key}".`, 'duplicate_key', [
      { path: 'key', message: 'already used' },
    ]);
  return view(row);
}

export async function listHubSpotSkills(
  ctx: AppContext,
  accountId: string,
  agentId: string,
): Promise<HubSpotSkillRow[]> {
  const rows = await ctx.db
    .selectFrom('hubspot_skills')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('agent_id', '=', agentId)
    .orderBy('created_at')
    .orderBy('key')
    .execute();
  return rows.map(view);
}

export async function getHubSpotSkill(
  ctx: AppContext,
  accountId: string,
  agentId: string,
  key: string,
): Promise<HubSpotSkillRow> {
  const row = await ctx.db
    .selectFrom('hubspot_skills')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('agent_id', '=', agentId)
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row) throw notFound(`HubSpot skill "${key}"`);
  return view(row);
}
