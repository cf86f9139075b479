import type { Kysely } from 'kysely';
import { getAgentRow } from '../agents/service.ts';
import { conflict, notFound } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { toJson } from '../store/json.ts';
import type { DB, SkillRow, SkillStatus, SkillType } from '../store/schema.ts';
import { inTransaction } from '../store/transaction.ts';
import { type Access, type SkillDefinition, skillKind } from './kinds/index.ts';

export { MAX_ACTIONS_PER_ACCOUNT } from './kinds/action.ts';

/**
 * Skills of every kind (kinds/registry.ts) share one lifecycle (B9): draft → published → unpublished.
 * A published skill cannot be edited or deleted (409); each publish stores an immutable,
 * numbered version that conversations record.
 */
export interface SkillView {
  id: string;
  agentId: string;
  type: SkillType;
  status: SkillStatus;
  publishedVersion: number | null;
  latestVersion: number;
  kind: Access;
  definition: SkillDefinition;
  createdAt: string;
  updatedAt: string;
}

type Db = Kysely<DB>;

export function toSkillView(row: SkillRow, kind: Access): SkillView {
  return {
    id: row.id,
    agentId: row.agent_id,
    type: row.type,
    status: row.status,
    publishedVersion: row.published_version,
    latestVersion: row.latest_version,
    kind,
    definition: row.definition as unknown as SkillDefinition,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Validates a definition of any kind against what it depends on (connections, actions). */
export async function validateSkill(
  db: Db,
  accountId: string,
  agentId: string,
  type: string,
  value: unknown,
): Promise<{ definition: SkillDefinition; kind: Access }> {
  const { definition, access } = await skillKind(type).validate({ db, accountId, agentId }, value);
  return { definition, kind: access };
}

/** Whether a stored skill reads or writes. */
export function kindOf(db: Db, row: SkillRow): Promise<Access> {
  return skillKind(row.type).access({ db, accountId: row.account_id, agentId: row.agent_id }, row.definition);
}

export async function findSkill(
  db: Db,
  accountId: string,
  agentId: string,
  type: string,
  idOrKey: string,
): Promise<SkillRow> {
  const row = await lookupSkill(db, accountId, agentId, type, idOrKey);
  if (!row) throw notFound(skillKind(type).label);
  return row;
}

/** The skill with this id or key, if any. */
export function lookupSkill(
  db: Db,
  accountId: string,
  agentId: string,
  type: string,
  idOrKey: string,
): Promise<SkillRow | undefined> {
  return db
    .selectFrom('skills')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('agent_id', '=', agentId)
    .where('type', '=', type as SkillType)
    .where((eb) => eb.or([eb('id', '=', idOrKey), eb('key', '=', idOrKey)]))
    .executeTakeFirst();
}

export async function listSkills(db: Db, accountId: string, agentId: string, type: string) {
  await getAgentRow(db, accountId, agentId);
  return db
    .selectFrom('skills')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('agent_id', '=', agentId)
    .where('type', '=', type as SkillType)
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
  type: string,
  value: unknown,
): Promise<SkillView> {
  await getAgentRow(db, accountId, agentId);
  const { definition, kind } = await validateSkill(db, accountId, agentId, type, value);
  await skillKind(type).beforeCreate?.({ db, accountId, agentId });
  await assertNameFree(db, agentId, definition.key, definition.name);
  const row = await db
    .insertInto('skills')
    .values({
      id: newId(skillKind(type).idPrefix),
      account_id: accountId,
      agent_id: agentId,
      type: type as SkillType,
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
  type: string,
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

export async function deleteSkill(db: Db, accountId: string, agentId: string, type: string, idOrKey: string) {
  const row = await findSkill(db, accountId, agentId, type, idOrKey);
  assertEditable(row, 'deleted');
  await skillKind(row.type).beforeDelete?.(db, row);
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
  await skillKind(row.type).beforePublish?.(db, row, definition);
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
  await skillKind(row.type).beforeUnpublish?.(db, row, opts);
  const updated = await db
    .updateTable('skills')
    .set({ status: row.status === 'draft' ? 'draft' : 'unpublished', updated_at: new Date() })
    .where('id', '=', row.id)
    .where('account_id', '=', row.account_id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSkillView(updated, await kindOf(db, updated));
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
