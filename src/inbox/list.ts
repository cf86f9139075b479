import { type Kysely, sql } from 'kysely';
import type { DB } from '../store/schema.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { presentRow, type RowData } from './present.ts';
import type { InboxRow, InboxView, ListQuery } from './schema.ts';

/** A list request after the caller is known: `mine` names the user it is for. */
export type ListRequest = Omit<ListQuery, 'userId'> & { mineUserId: string | null };

/**
 * The inbox list (E8): one page of an account's conversations in a view, newest activity
 * first, with contact, channel, agent, owner (with name), last message and handoff reason.
 * Preview conversations (`draft`) are never in the inbox.
 */
export async function listInbox(
  db: Kysely<DB>,
  accountId: string,
  q: ListRequest,
): Promise<{ conversations: InboxRow[]; nextCursor: string | null }> {
  let query = baseQuery(db, accountId).where('c.draft', '=', false);
  query = inView(query, q.view, q.mineUserId);
  if (q.channel) {
    const channel = q.channel;
    query = query.where((eb) => eb.or([eb('c.channel', '=', channel), eb('c.channel_id', '=', channel)]));
  }
  if (q.agentId) query = query.where('c.agent_id', '=', q.agentId);
  if (q.teamId) {
    const team = await db
      .selectFrom('teams')
      .select(['id', 'name'])
      .where('account_id', '=', accountId)
      .where((eb) => eb.or([eb('id', '=', q.teamId!), eb('name', '=', q.teamId!)]))
      .executeTakeFirst();
    if (!team) return { conversations: [], nextCursor: null };
    // A handoff setting names its team (`team:<name>`); assignment stores the id.
    query = query.where((eb) =>
      eb.or([
        eb.and([eb('c.owner_type', '=', 'team'), eb('c.owner_id', 'in', [team.id, team.name])]),
        eb.and([
          eb('c.owner_type', '=', 'user'),
          eb(
            'c.owner_id',
            'in',
            eb.selectFrom('team_members').select('user_id').where('team_id', '=', team.id),
          ),
        ]),
      ]),
    );
  }
  if (q.cursor) {
    const { at, id } = decodeCursor(q.cursor);
    query = query.where(sql<boolean>`(c.last_activity_at, c.id) < (${at}::timestamptz, ${id})`);
  }
  const rows = await query
    .orderBy('c.last_activity_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit);
  const extras = await lastMessagesAndHandoffs(
    db,
    page.map((r) => r.id),
  );
  const last = page.at(-1);
  return {
    conversations: page.map((r) =>
      presentRow(r as RowData, extras.messages.get(r.id), extras.handoffs.get(r.id)),
    ),
    nextCursor: rows.length > q.limit && last ? encodeCursor({ at: last.cursor_at, id: last.id }) : null,
  };
}

/** The conversation with the names a row shows, for the list and for one conversation. */
export function baseQuery(db: Kysely<DB>, accountId: string) {
  return db
    .selectFrom('conversations as c')
    .innerJoin('contacts as ct', 'ct.id', 'c.contact_id')
    .innerJoin('agents as a', 'a.id', 'c.agent_id')
    .leftJoin('channels as ch', 'ch.id', 'c.channel_id')
    .leftJoin('users as u', (j) => j.onRef('u.id', '=', 'c.owner_id').on('c.owner_type', '=', 'user'))
    .leftJoin('teams as t', (j) =>
      j
        .on('c.owner_type', '=', 'team')
        .onRef('t.account_id', '=', 'c.account_id')
        .on((eb) => eb.or([eb('t.id', '=', eb.ref('c.owner_id')), eb('t.name', '=', eb.ref('c.owner_id'))])),
    )
    .where('c.account_id', '=', accountId)
    .select([
      'c.id',
      'c.status',
      'c.channel',
      'c.channel_id',
      'c.agent_id',
      'c.owner_type',
      'c.owner_id',
      'c.last_activity_at',
      'c.created_at',
      'c.closed_at',
      'ct.id as contact_id',
      'ct.name as contact_name',
      'ct.email as contact_email',
      'ct.phone as contact_phone',
      'a.name as agent_name',
      'ch.name as channel_name',
      'u.name as user_name',
      't.id as team_id',
      't.name as team_name',
      sql<string>`c.last_activity_at::text`.as('cursor_at'),
    ]);
}

type Base = ReturnType<typeof baseQuery>;

function inView(query: Base, view: InboxView, mineUserId: string | null): Base {
  switch (view) {
    case 'agent':
      return query.where('c.status', '=', 'open').where('c.owner_type', '=', 'agent');
    case 'waiting':
      return query.where('c.status', '=', 'open').where('c.owner_type', '!=', 'agent');
    case 'mine':
      return query
        .where('c.status', '=', 'open')
        .where('c.owner_type', '=', 'user')
        .where('c.owner_id', '=', mineUserId ?? '');
    case 'unassigned':
      return query.where('c.status', '=', 'open').where('c.owner_type', 'in', ['unassigned', 'team']);
    case 'closed':
      return query.where('c.status', '=', 'closed');
  }
}

/** Each conversation's last message and latest handoff, in two statements for the whole page. */
export async function lastMessagesAndHandoffs(db: Kysely<DB>, ids: string[]) {
  if (ids.length === 0) return { messages: new Map(), handoffs: new Map() };
  const [messages, handoffs] = await Promise.all([
    db
      .selectFrom('messages')
      .distinctOn('conversation_id')
      .select(['conversation_id', 'role', 'text', 'created_at'])
      .where('conversation_id', 'in', ids)
      .orderBy('conversation_id')
      .orderBy('seq', 'desc')
      .execute(),
    db
      .selectFrom('handoffs')
      .distinctOn('conversation_id')
      .select(['conversation_id', 'reason', 'summary', 'created_at', 'resolved_at'])
      .where('conversation_id', 'in', ids)
      .orderBy('conversation_id')
      .orderBy('created_at', 'desc')
      .execute(),
  ]);
  return {
    messages: new Map(messages.map((m) => [m.conversation_id, m])),
    handoffs: new Map(handoffs.map((h) => [h.conversation_id, h])),
  };
}
