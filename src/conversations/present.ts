import type { Kysely } from 'kysely';
import { notFound } from '../shared/errors.ts';
import type { DB } from '../store/schema.ts';
import { identitiesOf } from './contacts.ts';
import { awaitingOf, type Memory } from './engine/index.ts';
import { apiState, ownerOf } from './lifecycle.ts';

/** A conversation as the API shows it: lifecycle, contact with identities, transcript with delivery states, handoffs. */
export async function presentConversation(db: Kysely<DB>, accountId: string, id: string) {
  const row = await db
    .selectFrom('conversations')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('Conversation');
  const [messages, contact, identities, handoffs] = await Promise.all([
    db.selectFrom('messages').selectAll().where('conversation_id', '=', id).orderBy('seq').execute(),
    db.selectFrom('contacts').selectAll().where('id', '=', row.contact_id).executeTakeFirstOrThrow(),
    identitiesOf(db, row.contact_id),
    db.selectFrom('handoffs').selectAll().where('conversation_id', '=', id).orderBy('created_at').execute(),
  ]);
  const owner = ownerOf(row);
  const proved = new Set(row.verified_identities);
  return {
    id: row.id,
    agentId: row.agent_id,
    channel: row.channel,
    draft: row.draft,
    status: row.status,
    owner,
    state: apiState({ status: row.status, owner }, awaitingOf(row.memory as Memory)),
    tokensUsed: row.tokens_used,
    contact: {
      id: contact.id,
      name: contact.name,
      email: contact.email,
      phone: contact.phone,
      /** Identity types proved in this conversation. */
      verified: [...new Set(identities.filter((i) => proved.has(i.id)).map((i) => i.type))],
      identities: identities.map((i) => ({
        type: i.type,
        value: i.value,
        verified: proved.has(i.id),
        verifiedVia: proved.has(i.id) ? i.verified_via : null,
      })),
    },
    messages: messages.map((m) => ({
      id: m.id,
      role: m.role,
      text: m.text,
      ...(m.parts ? { parts: m.parts } : {}),
      ...(m.reply_to ? { replyTo: m.reply_to } : {}),
      ...(m.role === 'customer' ? { processed: m.processed_at !== null } : {}),
      ...(m.delivery
        ? {
            delivery: {
              state: m.delivery,
              attempts: m.delivery_attempts,
              error: m.delivery_error,
              deliveredAt: m.delivered_at?.toISOString() ?? null,
            },
          }
        : {}),
      createdAt: m.created_at.toISOString(),
    })),
    handoffs: handoffs.map((h) => ({
      reason: h.reason,
      summary: h.summary,
      assignee: h.assignee ?? 'unassigned',
      createdAt: h.created_at.toISOString(),
      resolvedAt: h.resolved_at?.toISOString() ?? null,
    })),
    createdAt: row.created_at.toISOString(),
    closedAt: row.closed_at?.toISOString() ?? null,
  };
}
