import type { Kysely } from 'kysely';
import { notFound } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { toJson } from '../store/json.ts';
import type { AgentRow, DB } from '../store/schema.ts';
import type { Agent, AgentCreate, AgentPatch } from './model.ts';

export const toAgent = (r: AgentRow): Agent => ({
  id: r.id,
  name: r.name,
  tone: r.tone,
  greeting: r.greeting,
  guidelines: r.guidelines,
  languages: r.languages,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export async function listAgents(db: Kysely<DB>, accountId: string): Promise<Agent[]> {
  const rows = await db
    .selectFrom('agents')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toAgent);
}

export async function getAgentRow(db: Kysely<DB>, accountId: string, id: string): Promise<AgentRow> {
  const row = await db
    .selectFrom('agents')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('Agent');
  return row;
}

export async function createAgent(
  db: Kysely<DB>,
  accountId: string,
  input: AgentCreate,
  id: string = newId('agt'),
): Promise<Agent> {
  const row = await db
    .insertInto('agents')
    .values({
      id,
      account_id: accountId,
      name: input.name,
      tone: input.tone,
      greeting: input.greeting,
      guidelines: toJson(input.guidelines),
      languages: toJson(input.languages),
      settings: toJson({}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAgent(row);
}

export async function updateAgent(
  db: Kysely<DB>,
  accountId: string,
  id: string,
  patch: AgentPatch,
): Promise<Agent> {
  const row = await db
    .updateTable('agents')
    .set({
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.tone !== undefined && { tone: patch.tone }),
      ...(patch.greeting !== undefined && { greeting: patch.greeting }),
      ...(patch.guidelines !== undefined && { guidelines: toJson(patch.guidelines) }),
      ...(patch.languages !== undefined && { languages: toJson(patch.languages) }),
      updated_at: new Date(),
    })
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound('Agent');
  return toAgent(row);
}

export async function deleteAgent(db: Kysely<DB>, accountId: string, id: string): Promise<void> {
  const res = await db
    .deleteFrom('agents')
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (res.numDeletedRows === 0n) throw notFound('Agent');
}
