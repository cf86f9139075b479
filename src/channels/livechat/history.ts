import type { Kysely } from 'kysely';
import type { Reply } from '../../conversations/engine/replies.ts';
import { getSwitch } from '../../deployments/switch.ts';
import type { DB } from '../../store/schema.ts';
import { renderReply } from '../render.ts';
import type { WidgetMessage, WidgetStatus } from './protocol.ts';

/**
 * What the widget shows, read from the database (never from the notification): the
 * transcript, each message rendered for the widget (choices as buttons), and the header.
 */
export const HISTORY_LIMIT = 200;
const CAPABILITIES = { text: 'plain', buttons: true, speech: false } as const;

const FROM = { customer: 'visitor', agent: 'agent', human: 'person', system: 'system' } as const;

function messagesQuery(db: Kysely<DB>) {
  return db
    .selectFrom('messages as m')
    .leftJoin('users as u', 'u.id', 'm.author_id')
    .select([
      'm.id',
      'm.seq',
      'm.role',
      'm.text',
      'm.parts',
      'm.channel_message_id',
      'm.created_at',
      'u.name as author',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof messagesQuery>['executeTakeFirstOrThrow']>>;

export function toWidgetMessage(r: Row): WidgetMessage {
  const parts = Array.isArray(r.parts) && r.parts.length ? (r.parts as Reply['parts']) : null;
  const rendered = r.role !== 'customer' && parts ? renderReply({ parts }, CAPABILITIES) : { text: r.text };
  return {
    id: r.id,
    seq: r.seq,
    from: FROM[r.role],
    text: rendered.text,
    ...(rendered.buttons?.length ? { buttons: rendered.buttons } : {}),
    ...(r.role === 'human' && r.author ? { author: r.author } : {}),
    ...(r.role === 'customer' && r.channel_message_id ? { clientMessageId: r.channel_message_id } : {}),
    at: r.created_at.toISOString(),
  };
}

export async function history(db: Kysely<DB>, conversationId: string): Promise<WidgetMessage[]> {
  const rows = await messagesQuery(db)
    .where('m.conversation_id', '=', conversationId)
    .orderBy('m.seq', 'desc')
    .limit(HISTORY_LIMIT)
    .execute();
  return rows.reverse().map(toWidgetMessage);
}

export async function oneMessage(db: Kysely<DB>, messageId: string): Promise<WidgetMessage | undefined> {
  const row = await messagesQuery(db).where('m.id', '=', messageId).executeTakeFirst();
  return row ? toWidgetMessage(row) : undefined;
}

/** The header: "Powered by AI" while the agent has it (switch on), the person's name once one has it. */
export async function widgetStatus(
  db: Kysely<DB>,
  accountId: string,
  conversationId: string | null,
): Promise<WidgetStatus> {
  const c = conversationId
    ? await db
        .selectFrom('conversations as c')
        .leftJoin('users as u', (j) => j.onRef('u.id', '=', 'c.owner_id').on('c.owner_type', '=', 'user'))
        .select(['c.status', 'c.owner_type', 'u.name as person'])
        .where('c.id', '=', conversationId)
        .where('c.account_id', '=', accountId)
        .executeTakeFirst()
    : undefined;
  const agentHasIt = !c || (c.owner_type === 'agent' && c.status === 'open');
  const switchOn = agentHasIt ? (await getSwitch(db, accountId)).on : false;
  return {
    poweredByAi: agentHasIt && switchOn,
    person: c?.owner_type === 'user' ? (c.person ?? null) : null,
    open: !c || c.status === 'open',
  };
}

/** The replies an inbound message's turn stored. */
export async function repliesTo(db: Kysely<DB>, messageId: string): Promise<WidgetMessage[]> {
  const rows = await messagesQuery(db).where('m.reply_to', '=', messageId).orderBy('m.seq').execute();
  return rows.map(toWidgetMessage);
}
