import type { Kysely } from 'kysely';
import { conflict, invalid, notFound } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import type { DB } from '../store/schema.ts';
import { inTransaction } from '../store/transaction.ts';

/** Teams (E8, C6): users of the account who take handed-off and unrouted conversations. */
export interface TeamView {
  id: string;
  name: string;
  members: { userId: string; name: string; email: string }[];
  createdAt: string;
  updatedAt: string;
}

export interface TeamInput {
  name: string;
  /** User ids (or emails) of the account, in round-robin order. */
  members?: string[] | undefined;
}

async function view(db: Kysely<DB>, team: { id: string; name: string; created_at: Date; updated_at: Date }) {
  const members = await db
    .selectFrom('team_members')
    .innerJoin('users', 'users.id', 'team_members.user_id')
    .select(['users.id', 'users.name', 'users.email'])
    .where('team_members.team_id', '=', team.id)
    .orderBy('team_members.position')
    .execute();
  return {
    id: team.id,
    name: team.name,
    members: members.map((m) => ({ userId: m.id, name: m.name, email: m.email })),
    createdAt: team.created_at.toISOString(),
    updatedAt: team.updated_at.toISOString(),
  };
}

export async function findTeamRow(db: Kysely<DB>, accountId: string, idOrName: string) {
  const row = await db
    .selectFrom('teams')
    .selectAll()
    .where('account_id', '=', accountId)
    .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
    .executeTakeFirst();
  if (!row) throw notFound('Team');
  return row;
}

export async function listTeams(db: Kysely<DB>, accountId: string): Promise<TeamView[]> {
  const rows = await db
    .selectFrom('teams')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('name')
    .execute();
  return Promise.all(rows.map((r) => view(db, r)));
}

export async function getTeam(db: Kysely<DB>, accountId: string, idOrName: string): Promise<TeamView> {
  return view(db, await findTeamRow(db, accountId, idOrName));
}

/** Resolves member references (id or email) to user ids of the account; 422 names each unknown one. */
async function resolveMembers(db: Kysely<DB>, accountId: string, refs: string[]): Promise<string[]> {
  const users = await db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('account_id', '=', accountId)
    .execute();
  const ids: string[] = [];
  const details: { path: string; message: string }[] = [];
  refs.forEach((ref, i) => {
    const u = users.find((x) => x.id === ref || x.email === ref.toLowerCase());
    if (!u) details.push({ path: `members[${i}]`, message: 'no such user in this account' });
    else if (ids.includes(u.id)) details.push({ path: `members[${i}]`, message: 'listed twice' });
    else ids.push(u.id);
  });
  if (details.length) throw invalid('The team members are invalid.', details);
  return ids;
}

async function assertNameFree(db: Kysely<DB>, accountId: string, name: string, except?: string) {
  let q = db.selectFrom('teams').select('id').where('account_id', '=', accountId).where('name', '=', name);
  if (except) q = q.where('id', '!=', except);
  if (await q.executeTakeFirst())
    throw conflict(`A team named "${name}" already exists.`, 'duplicate', [
      { path: 'name', message: 'taken' },
    ]);
}

async function setMembers(db: Kysely<DB>, accountId: string, teamId: string, userIds: string[]) {
  const current = await db.selectFrom('team_members').selectAll().where('team_id', '=', teamId).execute();
  await db.deleteFrom('team_members').where('team_id', '=', teamId).execute();
  if (!userIds.length) return;
  await db
    .insertInto('team_members')
    .values(
      userIds.map((userId, position) => ({
        team_id: teamId,
        user_id: userId,
        account_id: accountId,
        position,
        // Kept, so changing the team does not reset who is next.
        last_pick: current.find((c) => c.user_id === userId)?.last_pick ?? null,
      })),
    )
    .execute();
}

export async function createTeam(db: Kysely<DB>, accountId: string, input: TeamInput): Promise<TeamView> {
  return inTransaction(db, async (tx) => {
    await assertNameFree(tx, accountId, input.name);
    const members = await resolveMembers(tx, accountId, input.members ?? []);
    const row = await tx
      .insertInto('teams')
      .values({ id: newId('team'), account_id: accountId, name: input.name })
      .returningAll()
      .executeTakeFirstOrThrow();
    await setMembers(tx, accountId, row.id, members);
    return view(tx, row);
  });
}

export async function updateTeam(
  db: Kysely<DB>,
  accountId: string,
  idOrName: string,
  patch: Partial<TeamInput>,
): Promise<TeamView> {
  return inTransaction(db, async (tx) => {
    const row = await findTeamRow(tx, accountId, idOrName);
    if (patch.name !== undefined) await assertNameFree(tx, accountId, patch.name, row.id);
    if (patch.members !== undefined)
      await setMembers(tx, accountId, row.id, await resolveMembers(tx, accountId, patch.members));
    const updated = await tx
      .updateTable('teams')
      .set({ name: patch.name ?? row.name, updated_at: new Date() })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return view(tx, updated);
  });
}

/** A team that a deployment or a routing rule sends conversations to cannot be deleted. */
export async function deleteTeam(db: Kysely<DB>, accountId: string, idOrName: string): Promise<void> {
  const row = await findTeamRow(db, accountId, idOrName);
  const deployments = await db
    .selectFrom('deployments')
    .select('when_unavailable')
    .where('account_id', '=', accountId)
    .execute();
  const rules = await db
    .selectFrom('routing_rules')
    .select(['name', 'target'])
    .where('account_id', '=', accountId)
    .execute();
  const users = [
    ...deployments
      .filter((d) => (d.when_unavailable as { teamId?: string }).teamId === row.id)
      .map(() => 'a deployment'),
    ...rules
      .filter((r) => (r.target as { teamId?: string }).teamId === row.id)
      .map((r) => `routing rule "${r.name}"`),
  ];
  if (users.length) throw conflict(`The team is used by ${users.join(', ')}.`, 'team_in_use');
  await db.deleteFrom('teams').where('id', '=', row.id).where('account_id', '=', accountId).execute();
}
