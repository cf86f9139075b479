import type { Kysely } from 'kysely';
import { getAgentRow } from '../agents/service.ts';
import { conflict, invalid, notFound } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { toJson } from '../store/json.ts';
import type { DB, SkillRow, SkillStatus, SkillType } from '../store/schema.ts';
import { inTransaction } from '../store/transaction.ts';
import type { ActionDefinition } from './definition/schema.ts';
import { validateActionDefinition } from './definition/validate.ts';
import type { FlowDefinition } from './flows/schema.ts';
import { flowKind, validateFlowDefinition } from './flows/validate.ts';

/**
 * Actions and flows ("skills") share one lifecycle (B9): draft → published → unpublished.
 * A published skill cannot be edited or deleted (409); each publish stores an immutable,
 * numbered version that conversations record.
 */
export const MAX_ACTIONS_PER_ACCOUNT = 100;

export interface SkillView {
  id: string;
  agentId: string;
  type: SkillType;
  status: SkillStatus;
  publishedVersion: number | null;
  latestVersion: number;
  kind: 'read' | 'write';
  definition: ActionDefinition | FlowDefinition;
  createdAt: string;
  updatedAt: string;
}

type Db = Kysely<DB>;

export function toSkillView(row: SkillRow, kind: 'read' | 'write'): SkillView {
  return {
    id: row.id,
    agentId: row.agent_id,
    type: row.type,
    status: row.status,
    publishedVersion: row.published_version,
    latestVersion: row.latest_version,
    kind,
    definition: row.definition as unknown as ActionDefinition | FlowDefinition,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The actions an agent's flows may use, by key (drafts included: a flow is checked against what exists). */
async function actionLookup(db: Db, accountId: string, agentId: string) {
  const rows = await db
    .selectFrom('skills')
    .select(['key', 'definition'])
    .where('account_id', '=', accountId)
    .where('agent_id', '=', agentId)
    .where('type', '=', 'action')
    .execute();
  const byKey = new Map(rows.map((r) => [r.key, r.definition as unknown as ActionDefinition]));
  return (key: string) => byKey.get(key);
}

async function connectionKeys(db: Db, accountId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('connections').select('key').where('account_id', '=', accountId).execute();
  return new Set(rows.map((r) => r.key));
}

/** Validates a definition of either type against the account's connections and the agent's actions. */
export async function validateSkill(
  db: Db,
  accountId: string,
  agentId: string,
  type: SkillType,
  value: unknown,
): Promise<{ definition: ActionDefinition | FlowDefinition; kind: 'read' | 'write' }> {
  if (type === 'action') {
    const keys = await connectionKeys(db, accountId);
    const definition = validateActionDefinition(value, { connectionExists: (k) => keys.has(k) });
    return { definition, kind: definition.kind };
  }
  const lookup = await actionLookup(db, accountId, agentId);
  const definition = validateFlowDefinition(value, lookup);
  return { definition, kind: flowKind(definition, lookup) };
}

export async function kindOf(db: Db, row: SkillRow): Promise<'read' | 'write'> {
  if (row.type === 'action') return (row.definition as unknown as ActionDefinition).kind;
  return flowKind(
    row.definition as unknown as FlowDefinition,
    await actionLookup(db, row.account_id, row.agent_id),
  );
}

export async function findSkill(
  db: Db,
  accountId: string,
  agentId: string,
  type: SkillType,
  idOrKey: string,
): Promise<SkillRow> {
  const row = await lookupSkill(db, accountId, agentId, type, idOrKey);
  if (!row) throw notFound(type === 'action' ? 'Action' : 'Flow');
  return row;
}

/** The skill with this id or key, if any. */
export function lookupSkill(
  db: Db,
  accountId: string,
  agentId: string,
  type: SkillType,
  idOrKey: string,
): Promise<SkillRow | undefined> {
  return db
    .selectFrom('skills')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('agent_id', '=', agentId)
    .where('type', '=', type)
    .where((eb) => eb.or([eb('id', '=', idOrKey), eb('key', '=', idOrKey)]))
    .executeTakeFirst();
}

export async function listSkills(db: Db, accountId: string, agentId: string, type: SkillType) {
  await getAgentRow(db, accountId, agentId);
  return db
    .selectFrom('skills')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('agent_id', '=', agentId)
    .where('type', '=', type)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

async function assertNameFree(db: Db, agentId: string, key: string, name: string, exceptId?: string) {
  let q = db
    .selectFrom('skills')
    .select(['id', 'key', 'name', 'type'])
    .where('agent_id', '=', agentId)
    .where((eb) => eb.or([eb('key', '=', key), eb(eb.fn('lower', ['name']), '=', name.toLowerCase())]));
  if (exceptId) q = q.where('id', '!=', exceptId);
  const clash = await q.executeTakeFirst();
  if (clash) {
    const field = clash.key === key ? 'key' : 'name';
    throw conflict(`The ${clash.type} "${clash.key}" already uses this ${field}.`, 'duplicate', [
      { path: field, message: 'already used by another action or flow of this agent' },
    ]);
  }
}

export async function createSkill(
  db: Db,
  accountId: string,
  agentId: string,
  type: SkillType,
  value: unknown,
): Promise<SkillView> {
  await getAgentRow(db, accountId, agentId);
  const { definition, kind } = await validateSkill(db, accountId, agentId, type, value);
  if (type === 'action') {
    const { count } = await db
      .selectFrom('skills')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('account_id', '=', accountId)
      .where('type', '=', 'action')
      .executeTakeFirstOrThrow();
    if (Number(count) >= MAX_ACTIONS_PER_ACCOUNT) {
      throw invalid(`An account can have at most ${MAX_ACTIONS_PER_ACCOUNT} actions.`, [], 'limit_exceeded');
    }
  }
  await assertNameFree(db, agentId, definition.key, definition.name);
  const row = await db
    .insertInto('skills')
    .values({
      id: newId(type === 'action' ? 'act' : 'flw'),
      account_id: accountId,
      agent_id: agentId,
      type,
      key: definition.key,
      name: definition.name,
      status: 'draft',
      definition: toJson(definition),
      published_version: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSkillView(row, kind);
}

function assertEditable(row: SkillRow, verb: string): void {
  if (row.status === 'published') {
    throw conflict(`A published ${row.type} cannot be ${verb}; unpublish it first.`, 'published', [
      { path: 'status', message: 'published' },
    ]);
  }
}

/** PATCH: the given top-level fields replace the stored ones; the result is validated whole. */
export async function updateSkill(
  db: Db,
  accountId: string,
  agentId: string,
  type: SkillType,
  idOrKey: string,
  patch: Record<string, unknown>,
): Promise<SkillView> {
  const row = await findSkill(db, accountId, agentId, type, idOrKey);
  assertEditable(row, 'edited');
  return replaceDefinition(db, row, { ...(row.definition as object), ...patch });
}

/** Writes a new definition for an editable skill (also used by `apply`). */
export async function replaceDefinition(db: Db, row: SkillRow, value: unknown): Promise<SkillView> {
  const { definition, kind } = await validateSkill(db, row.account_id, row.agent_id, row.type, value);
  await assertNameFree(db, row.agent_id, definition.key, definition.name, row.id);
  const updated = await db
    .updateTable('skills')
    .set({
      key: definition.key,
      name: definition.name,
      definition: toJson(definition),
      updated_at: new Date(),
    })
    .where('id', '=', row.id)
    .where('account_id', '=', row.account_id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSkillView(updated, kind);
}

export async function deleteSkill(
  db: Db,
  accountId: string,
  agentId: string,
  type: SkillType,
  idOrKey: string,
) {
  const row = await findSkill(db, accountId, agentId, type, idOrKey);
  assertEditable(row, 'deleted');
  if (type === 'action') {
    const users = await flowsUsing(db, agentId, row.key, false);
    if (users.length) throw conflict(`Flows use this action: ${users.join(', ')}.`, 'action_in_use');
  }
  await db.deleteFrom('skills').where('id', '=', row.id).where('account_id', '=', accountId).execute();
}

export async function publishSkill(db: Db, row: SkillRow): Promise<SkillView> {
  // Re-validate: a connection or an action a flow uses may have gone since the last edit.
  const { definition, kind } = await validateSkill(
    db,
    row.account_id,
    row.agent_id,
    row.type,
    row.definition,
  );
  if (row.type === 'flow') {
    const steps = (definition as FlowDefinition).steps.map((s) => s.action);
    const published = await db
      .selectFrom('skills')
      .select('key')
      .where('agent_id', '=', row.agent_id)
      .where('type', '=', 'action')
      .where('status', '=', 'published')
      .execute();
    const ok = new Set(published.map((p) => p.key));
    const missing = [...new Set(steps.filter((s) => !ok.has(s)))];
    if (missing.length) {
      throw conflict(`Publish the flow's actions first: ${missing.join(', ')}.`, 'unpublished_dependency');
    }
  }
  return inTransaction(db, async (tx) => {
    const fresh = await tx
      .selectFrom('skills')
      .selectAll()
      .where('id', '=', row.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (fresh.status === 'published') return toSkillView(fresh, kind);
    const version = fresh.latest_version + 1;
    await tx
      .insertInto('skill_versions')
      .values({ skill_id: row.id, account_id: row.account_id, version, definition: toJson(definition) })
      .execute();
    const updated = await tx
      .updateTable('skills')
      .set({
        status: 'published',
        published_version: version,
        latest_version: version,
        updated_at: new Date(),
      })
      .where('id', '=', row.id)
      .where('account_id', '=', row.account_id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toSkillView(updated, kind);
  });
}

/**
 * `replacing`: the caller publishes a new version in the same transaction (apply), so
 * flows that use the action are not left without it.
 */
export async function unpublishSkill(
  db: Db,
  row: SkillRow,
  opts: { replacing?: boolean } = {},
): Promise<SkillView> {
  if (row.type === 'action' && row.status === 'published' && !opts.replacing) {
    const users = await flowsUsing(db, row.agent_id, row.key, true);
    if (users.length)
      throw conflict(`Published flows use this action: ${users.join(', ')}.`, 'action_in_use');
  }
  const updated = await db
    .updateTable('skills')
    .set({ status: row.status === 'draft' ? 'draft' : 'unpublished', updated_at: new Date() })
    .where('id', '=', row.id)
    .where('account_id', '=', row.account_id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSkillView(updated, await kindOf(db, updated));
}

/** Keys of the agent's flows with a step running the action. */
async function flowsUsing(
  db: Db,
  agentId: string,
  actionKey: string,
  onlyPublished: boolean,
): Promise<string[]> {
  let q = db
    .selectFrom('skills')
    .select(['key', 'definition'])
    .where('agent_id', '=', agentId)
    .where('type', '=', 'flow');
  if (onlyPublished) q = q.where('status', '=', 'published');
  const flows = await q.execute();
  return flows
    .filter((f) => (f.definition as unknown as FlowDefinition).steps.some((s) => s.action === actionKey))
    .map((f) => f.key);
}

export async function listVersions(db: Db, row: SkillRow) {
  const rows = await db
    .selectFrom('skill_versions')
    .selectAll()
    .where('skill_id', '=', row.id)
    .where('account_id', '=', row.account_id)
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    publishedAt: r.published_at.toISOString(),
    definition: r.definition,
  }));
}
