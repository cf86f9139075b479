import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { DeliveryError, type OutboundMessage } from '../types.ts';
import { spokenReplies } from './speech.ts';

/**
 * People's messages on a call (an inbox reply, an assignment notice): they cannot be sent
 * to a phone line, so they wait, queued, for the call's next turn, which speaks them and
 * marks them sent. Once the call has ended (Twilio's status callback) they fail for good
 * with a reason the inbox shows. The conversation's memory holds the ended mark until the
 * same caller calls again.
 */
export const CALL_ENDED = 'The call has ended.';
const WAITING = "Waiting for the call's next turn to speak it.";

/** The outbox's `send` for a call: fails once the call is over, otherwise waits for the call. */
export async function sendToCall(ctx: AppContext, m: OutboundMessage): Promise<void> {
  const c = await ctx.db
    .selectFrom('conversations')
    .select(['status', sql<boolean>`coalesce((memory->>'callEnded')::boolean, false)`.as('ended')])
    .where('id', '=', m.conversationId)
    .executeTakeFirst();
  if (c?.status !== 'open' || c.ended) throw new DeliveryError(CALL_ENDED, { permanent: true });
  // Retried with backoff; the call's next turn takes it first and this job finds it sent.
  throw new DeliveryError(WAITING);
}

/** Claims the conversation's waiting messages for this turn and returns them as speech. */
export async function takePending(ctx: AppContext, conversationId: string): Promise<string> {
  const { rows } = await sql<{ text: string; parts: unknown; seq: number }>`
    update messages set delivery = 'sent', delivered_at = now(), delivery_error = null,
      delivery_attempts = delivery_attempts + 1, delivery_lease_until = null
    where conversation_id = ${conversationId} and delivery = 'queued' and role in ('human', 'system')
    returning text, parts, seq`.execute(ctx.db);
  rows.sort((a, b) => a.seq - b.seq);
  return spokenReplies(rows.map((r) => ({ parts: [{ type: 'text' as const, text: r.text }] })));
}

/** The call is over: its waiting messages fail now, and later ones fail when the outbox tries them. */
export async function markCallEnded(ctx: AppContext, conversationId: string): Promise<void> {
  await sql`update conversations set memory = coalesce(memory, '{}'::jsonb) || '{"callEnded": true}'::jsonb
    where id = ${conversationId}`.execute(ctx.db);
  await sql`update messages set delivery = 'failed', delivery_error = ${CALL_ENDED}, delivery_lease_until = null
    where conversation_id = ${conversationId} and delivery = 'queued' and role in ('human', 'system')`.execute(
    ctx.db,
  );
}

/** A new call on the conversation: it is live again. */
export async function markCallLive(ctx: AppContext, conversationId: string): Promise<void> {
  await sql`update conversations set memory = memory - 'callEnded'
    where id = ${conversationId} and memory ? 'callEnded'`.execute(ctx.db);
}
