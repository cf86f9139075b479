import type { Kysely } from 'kysely';
import { conflict, invalid } from '../shared/errors.ts';
import type { DB } from '../store/schema.ts';
import type { RuleTarget, WhenUnavailable } from './schema.ts';

/**
 * Turns references (id or name; email for users) into ids of the caller's account. An
 * unknown reference is a 422 at its path; another account's id is as unknown as a typo.
 */
type Kind = 'agent' | 'team' | 'user' | 'channel';

export async function resolveRef(
  db: Kysely<DB>,
  accountId: string,
  kind: Kind,
  ref: string,
  path: string,
): Promise<string> {
  const rows = await (kind === 'agent'
    ? db
        .selectFrom('agents')
        .select('id')
        .where('account_id', '=', accountId)
        .where((eb) => eb.or([eb('id', '=', ref), eb('name', '=', ref)]))
    : kind === 'team'
      ? db
          .selectFrom('teams')
          .select('id')
          .where('account_id', '=', accountId)
          .where((eb) => eb.or([eb('id', '=', ref), eb('name', '=', ref)]))
      : kind === 'user'
        ? db
            .selectFrom('users')
            .select('id')
            .where('account_id', '=', accountId)
            .where((eb) => eb.or([eb('id', '=', ref), eb('email', '=', ref.toLowerCase())]))
        : db
            .selectFrom('channels')
            .select('id')
            .where('account_id', '=', accountId)
            .where((eb) => eb.or([eb('id', '=', ref), eb('name', '=', ref)]))
  ).execute();
  if (rows.length === 0)
    throw invalid(`No ${kind} of this account has that id or name.`, [{ path, message: `unknown ${kind}` }]);
  if (rows.length > 1) {
    throw conflict(`Several ${kind}s have that name; use the id.`, 'ambiguous', [
      { path, message: 'ambiguous' },
    ]);
  }
  return rows[0]!.id;
}

export async function resolveWhenUnavailable(
  db: Kysely<DB>,
  accountId: string,
  w: WhenUnavailable,
  path = 'whenUnavailable',
): Promise<WhenUnavailable> {
  if (w.assignTo === 'team')
    return { ...w, teamId: await resolveRef(db, accountId, 'team', w.teamId, `${path}.teamId`) };
  if (w.assignTo === 'user')
    return { ...w, userId: await resolveRef(db, accountId, 'user', w.userId, `${path}.userId`) };
  return w;
}

export async function resolveTarget(
  db: Kysely<DB>,
  accountId: string,
  t: RuleTarget,
  path = 'target',
): Promise<RuleTarget> {
  if (t.assignTo === 'agent')
    return { ...t, agentId: await resolveRef(db, accountId, 'agent', t.agentId, `${path}.agentId`) };
  if (t.assignTo === 'team')
    return { ...t, teamId: await resolveRef(db, accountId, 'team', t.teamId, `${path}.teamId`) };
  if (t.assignTo === 'user')
    return { ...t, userId: await resolveRef(db, accountId, 'user', t.userId, `${path}.userId`) };
  return t;
}
