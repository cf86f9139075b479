import type { Kysely } from 'kysely';
import type { TurnTrace } from '../conversations/engine/memory.ts';
import { notFound } from '../shared/errors.ts';
import type { DB } from '../store/schema.ts';
import { baseQuery, lastMessagesAndHandoffs } from './list.ts';
import { presentRow, type RowData } from './present.ts';
import type { InboxConversation, TranscriptItem } from './schema.ts';

/**
 * One conversation as a person in the inbox reads it (E8, C6): the row, the handoff's
 * reason and summary, and the transcript — messages with their author and delivery state,
 * the actions each turn ran right after the message that asked for them, and internal
 * notes in time order among the messages.
 */
export async function inboxConversation(
  db: Kysely<DB>,
  accountId: string,
  id: string,
): Promise<InboxConversation> {
  const row = await baseQuery(db, accountId).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Conversation');
  const [messages, notes, extras] = await Promise.all([
    db
      .selectFrom('messages as m')
      .leftJoin('users as u', 'u.id', 'm.author_id')
      .select([
        'm.id',
        'm.role',
        'm.text',
        'm.turn',
        'm.author_id',
        'u.name as author_name',
        'm.delivery',
        'm.delivery_attempts',
        'm.delivery_error',
        'm.delivered_at',
        'm.processed_at',
        'm.created_at',
      ])
      .where('m.conversation_id', '=', id)
      .orderBy('m.seq')
      .execute(),
    db
      .selectFrom('conversation_notes as n')
      .leftJoin('users as u', 'u.id', 'n.author_id')
      .select(['n.id', 'n.text', 'n.author_id', 'u.name as author_name', 'n.created_at'])
      .where('n.conversation_id', '=', id)
      .where('n.account_id', '=', accountId)
      .orderBy('n.created_at')
      .orderBy('n.id')
      .execute(),
    lastMessagesAndHandoffs(db, [id]),
  ]);
  const transcript: TranscriptItem[] = [];
  let n = 0;
  const notesUntil = (at: Date | null) => {
    while (n < notes.length && (at === null || notes[n]!.created_at < at)) {
      const note = notes[n++]!;
      transcript.push({
        type: 'note',
        id: note.id,
        text: note.text,
        author: note.author_id ? { id: note.author_id, name: note.author_name ?? '' } : null,
        at: note.created_at.toISOString(),
      });
    }
  };
  for (const m of messages) {
    notesUntil(m.created_at);
    transcript.push({
      type: 'message',
      id: m.id,
      role: m.role,
      text: m.text,
      author: m.author_id ? { id: m.author_id, name: m.author_name ?? '' } : null,
      delivery: m.delivery
        ? {
            state: m.delivery,
            attempts: m.delivery_attempts,
            error: m.delivery_error,
            deliveredAt: m.delivered_at?.toISOString() ?? null,
          }
        : null,
      at: m.created_at.toISOString(),
    });
    const action = actionOf(
      m.id,
      (m.turn as { trace?: TurnTrace } | null)?.trace,
      m.processed_at ?? m.created_at,
    );
    if (action) transcript.push(action);
  }
  notesUntil(null);
  const handoff = extras.handoffs.get(id);
  return {
    ...presentRow(row as RowData, extras.messages.get(id), handoff),
    handoff: handoff
      ? {
          reason: handoff.reason,
          summary: handoff.summary,
          at: handoff.created_at.toISOString(),
          resolvedAt: handoff.resolved_at?.toISOString() ?? null,
        }
      : null,
    transcript,
    closedAt: row.closed_at?.toISOString() ?? null,
  };
}

/** The action a turn ran, from its trace (reads and writes alike; a write's run is also in action_runs). */
function actionOf(messageId: string, trace: TurnTrace | undefined, at: Date): TranscriptItem | null {
  if (!trace?.skill || !trace.run) return null;
  return {
    type: 'action',
    messageId,
    skill: { key: trace.skill.key, type: trace.skill.type, kind: trace.skill.kind },
    ok: trace.run.ok,
    inputs: trace.inputs ?? {},
    outputs: trace.run.outputs ?? {},
    status: trace.run.status ?? null,
    error: trace.run.error?.message ?? null,
    at: at.toISOString(),
  };
}
