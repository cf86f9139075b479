import type { Kysely } from 'kysely';
import { parseOrThrow } from '../actions/definition/issues.ts';
import { conflict, invalid, notFound } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { toJson } from '../store/json.ts';
import type { DB, RoutingRuleRow } from '../store/schema.ts';
import { inTransaction } from '../store/transaction.ts';
import { resolveTarget } from './references.ts';
import { conditionProblems } from './routing-rules.ts';
import { type RuleTarget, routingRuleBodySchema, routingRulePatchSchema } from './schema.ts';

/**
 * Routing rules, kept in evaluation order (`position` 0, 1, 2, … without gaps). A rule is
 * validated when saved: its condition (operators, variables) and its target's reference.
 */
export interface RoutingRule {
  id: string;
  name: string;
  position: number;
  enabled: boolean;
  condition: unknown;
  target: RuleTarget;
  message: string | null;
}

export const toRule = (r: RoutingRuleRow): RoutingRule => ({
  id: r.id,
  name: r.name,
  position: r.position,
  enabled: r.enabled,
  condition: r.condition,
  target: r.target as RuleTarget,
  message: r.message,
});

const view = (r: RoutingRuleRow) => ({
  ...toRule(r),
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

async function rows(db: Kysely<DB>, accountId: string) {
  return db
    .selectFrom('routing_rules')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('position')
    .orderBy('created_at')
    .execute();
}

export const listRules = async (db: Kysely<DB>, accountId: string) => (await rows(db, accountId)).map(view);

/** Enabled rules in order, for the routing decision. */
export const activeRules = async (db: Kysely<DB>, accountId: string) =>
  (await rows(db, accountId)).filter((r) => r.enabled).map(toRule);

export async function findRuleRow(db: Kysely<DB>, accountId: string, idOrName: string) {
  const row = await db
    .selectFrom('routing_rules')
    .selectAll()
    .where('account_id', '=', accountId)
    .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
    .executeTakeFirst();
  if (!row) throw notFound('Routing rule');
  return row;
}

export const getRule = async (db: Kysely<DB>, accountId: string, id: string) =>
  view(await findRuleRow(db, accountId, id));

function checkCondition(condition: unknown) {
  const problems = conditionProblems(condition);
  if (problems.length) throw invalid('The routing rule condition is invalid.', problems);
}

async function assertNameFree(db: Kysely<DB>, accountId: string, name: string, except?: string) {
  let q = db
    .selectFrom('routing_rules')
    .select('id')
    .where('account_id', '=', accountId)
    .where('name', '=', name);
  if (except) q = q.where('id', '!=', except);
  if (await q.executeTakeFirst())
    throw conflict(`A routing rule named "${name}" already exists.`, 'duplicate', [
      { path: 'name', message: 'taken' },
    ]);
}

/** Puts `id` at `position` (clamped) and renumbers the rest, keeping their order. */
async function place(db: Kysely<DB>, accountId: string, id: string, position: number | undefined) {
  const all = (await rows(db, accountId)).map((r) => r.id).filter((x) => x !== id);
  const at = position === undefined ? all.length : Math.min(position, all.length);
  all.splice(at, 0, id);
  for (const [i, ruleId] of all.entries()) {
    await db.updateTable('routing_rules').set({ position: i }).where('id', '=', ruleId).execute();
  }
}

export async function createRule(db: Kysely<DB>, accountId: string, input: unknown) {
  const body = parseOrThrow(routingRuleBodySchema, input, 'routing rule');
  checkCondition(body.condition);
  return inTransaction(db, async (tx) => {
    await assertNameFree(tx, accountId, body.name);
    const target = await resolveTarget(tx, accountId, body.target);
    const id = newId('rule');
    await tx
      .insertInto('routing_rules')
      .values({
        id,
        account_id: accountId,
        name: body.name,
        position: 1_000_000,
        enabled: body.enabled,
        condition: toJson(body.condition),
        target: toJson(target),
        message: body.message ?? null,
      })
      .execute();
    await place(tx, accountId, id, body.position);
    return view(await findRuleRow(tx, accountId, id));
  });
}

export async function updateRule(db: Kysely<DB>, accountId: string, idOrName: string, input: unknown) {
  const patch = parseOrThrow(routingRulePatchSchema, input, 'routing rule');
  if (patch.condition !== undefined) checkCondition(patch.condition);
  return inTransaction(db, async (tx) => {
    const row = await findRuleRow(tx, accountId, idOrName);
    if (patch.name !== undefined) await assertNameFree(tx, accountId, patch.name, row.id);
    const target = patch.target ? await resolveTarget(tx, accountId, patch.target) : row.target;
    await tx
      .updateTable('routing_rules')
      .set({
        name: patch.name ?? row.name,
        enabled: patch.enabled ?? row.enabled,
        condition: toJson(patch.condition ?? row.condition),
        target: toJson(target),
        message: patch.message !== undefined ? patch.message : row.message,
        updated_at: new Date(),
      })
      .where('id', '=', row.id)
      .execute();
    if (patch.position !== undefined) await place(tx, accountId, row.id, patch.position);
    return view(await findRuleRow(tx, accountId, row.id));
  });
}

export async function deleteRule(db: Kysely<DB>, accountId: string, idOrName: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const row = await findRuleRow(tx, accountId, idOrName);
    await tx.deleteFrom('routing_rules').where('id', '=', row.id).execute();
    const rest = await rows(tx, accountId);
    if (rest[0]) await place(tx, accountId, rest[0].id, 0);
  });
}
