import type { Kysely } from 'kysely';
import type { Principal } from '../access/api-keys.ts';
import type { SessionPrincipal } from '../access/sessions.ts';
import type { AppContext } from '../context.ts';
import { assignConversation, humanReply } from '../conversations/commands.ts';
import type { Owner } from '../conversations/lifecycle.ts';
import { ownerOf } from '../conversations/lifecycle.ts';
import { publishEvents } from '../events/domain.ts';
import { conflict, invalid, notFound } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import type { DB } from '../store/schema.ts';
import { pickAssignee } from '../teams/round-robin.ts';

/**
 * The inbox's commands (E8) on top of the conversation commands: who acts, a person's
 * reply (which takes the conversation from the agent or the queue), internal notes, and
 * assignment to a person or a team's next member.
 */

/**
 * The user acting: a signed-in person is always themselves, and so is a user's API key; a
 * key of no user may name a user of the account (`userId`), or act as nobody in particular.
 */
export async function actingUser(
  db: Kysely<DB>,
  principal: Principal,
  given: string | undefined,
  path = 'userId',
): Promise<string | null> {
  const self = await userOf(db, principal);
  if (self) {
    if (given !== undefined && given !== self)
      throw invalid('A person (or their API key) acts as themselves.', [
        { path, message: 'must be your own user id' },
      ]);
    return self;
  }
  if (given === undefined) return null;
  await assertUser(db, principal.accountId, given, path);
  return given;
}

/** The person behind the caller: the session's user, or the user an API key was made for. */
export async function userOf(db: Kysely<DB>, principal: Principal): Promise<string | null> {
  if (principal.via === 'session') return (principal as SessionPrincipal).user.id;
  const key = await db
    .selectFrom('api_keys')
    .select('created_by')
    .where('id', '=', principal.keyId)
    .where('account_id', '=', principal.accountId)
    .executeTakeFirst();
  return key?.created_by ?? null;
}

export async function assertUser(db: Kysely<DB>, accountId: string, userId: string, path: string) {
  const user = await db
    .selectFrom('users')
    .select('id')
    .where('account_id', '=', accountId)
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user)
    throw invalid('No such user in this account.', [{ path, message: 'no such user in this account' }]);
}

async function conversationRow(db: Kysely<DB>, accountId: string, id: string) {
  const row = await db
    .selectFrom('conversations')
    .select(['id', 'status', 'owner_type', 'owner_id', 'draft'])
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('Conversation');
  return row;
}

const closedConflict = () => conflict('The conversation is closed.', 'conversation_closed');

/**
 * A person's reply from the inbox, sent on the conversation's channel through the outbox.
 * The person who replies owns the conversation from then on when nobody did (the agent,
 * the unassigned queue or a team's queue): the agent stays silent in it. A conversation
 * another person owns keeps its owner.
 */
export async function replyFromInbox(
  ctx: AppContext,
  accountId: string,
  conversationId: string,
  text: string,
  userId: string | null,
): Promise<{ messageId: string }> {
  const row = await conversationRow(ctx.db, accountId, conversationId);
  if (row.status === 'closed') throw closedConflict();
  const owner = ownerOf(row);
  if (owner.type !== 'user') {
    const to: Owner = userId ? { type: 'user', id: userId } : { type: 'unassigned' };
    if (owner.type === 'agent' || to.type === 'user')
      await assignConversation(ctx, accountId, conversationId, to);
  }
  const { id } = await humanReply(ctx, accountId, conversationId, text, userId);
  return { messageId: id };
}

/** An internal note: its own table, so neither the outbox nor the engine ever reads it. */
export async function addNote(
  ctx: AppContext,
  accountId: string,
  conversationId: string,
  text: string,
  userId: string | null,
): Promise<{ id: string; text: string; at: string }> {
  await conversationRow(ctx.db, accountId, conversationId);
  const note = await ctx.db
    .insertInto('conversation_notes')
    .values({
      id: newId('note'),
      account_id: accountId,
      conversation_id: conversationId,
      author_id: userId,
      text,
    })
    .returning(['id', 'text', 'created_at'])
    .executeTakeFirstOrThrow();
  await publishEvents(
    ctx.events,
    [{ name: 'note.added', accountId, conversationId, noteId: note.id }],
    (err) => ctx.log.warn({ err }, 'event not published'),
  );
  return { id: note.id, text: note.text, at: note.created_at.toISOString() };
}

/** Assigns to a person, or to a team: its next member by round robin (the team's queue when it has none). */
export async function assignFromInbox(
  ctx: AppContext,
  accountId: string,
  conversationId: string,
  to: { userId?: string | undefined; teamId?: string | undefined },
) {
  const row = await conversationRow(ctx.db, accountId, conversationId);
  if (row.status === 'closed') throw closedConflict();
  let owner: Owner;
  if (to.userId !== undefined) {
    await assertUser(ctx.db, accountId, to.userId, 'userId');
    owner = { type: 'user', id: to.userId };
  } else {
    const team = await ctx.db
      .selectFrom('teams')
      .select('id')
      .where('account_id', '=', accountId)
      .where('id', '=', to.teamId ?? '')
      .executeTakeFirst();
    if (!team)
      throw invalid('No such team in this account.', [
        { path: 'teamId', message: 'no such team in this account' },
      ]);
    const picked = await pickAssignee(ctx.db, team.id);
    owner = picked ? { type: 'user', id: picked } : { type: 'team', id: team.id };
  }
  return assignConversation(ctx, accountId, conversationId, owner);
}
