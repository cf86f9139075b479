import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { publishEvents } from '../../events/domain.ts';

/**
 * Delivery receipts (WhatsApp `statuses[]`): the provider's state of a message we sent,
 * found by the provider's id within the channel. States only move forward (sent → delivered
 * → read; sent → failed), so receipts arriving out of order cannot undo one another.
 */
export type Receipt = 'sent' | 'delivered' | 'read' | 'failed';

const MOVES_FROM: Record<Receipt, string[]> = {
  sent: ['queued'],
  delivered: ['queued', 'sent'],
  read: ['queued', 'sent', 'delivered'],
  failed: ['queued', 'sent'],
};

export async function applyReceipt(
  ctx: AppContext,
  args: { channelId: string; providerMessageId: string; state: Receipt; reason?: string | undefined },
): Promise<boolean> {
  const failed = args.state === 'failed';
  const { rows } = await sql<{ id: string; account_id: string; conversation_id: string; channel: string }>`
    update messages m set delivery = ${args.state},
      delivery_error = ${failed ? (args.reason ?? 'The provider reported the message as failed.') : null},
      delivered_at = coalesce(m.delivered_at, ${failed ? null : new Date()})
    from conversations c
    where m.channel_message_id = ${args.providerMessageId} and c.id = m.conversation_id
      and c.channel_id = ${args.channelId} and m.role <> 'customer'
      and m.delivery in (${sql.join(MOVES_FROM[args.state])})
    returning m.id, m.account_id, m.conversation_id, c.channel`.execute(ctx.db);
  if (failed) {
    await publishEvents(
      ctx.events,
      rows.map((r) => ({
        name: 'delivery.failed' as const,
        accountId: r.account_id,
        conversationId: r.conversation_id,
        messageId: r.id,
        channel: r.channel,
      })),
      (err) => ctx.log.warn({ err }, 'event not published'),
    );
  }
  return rows.length > 0;
}
