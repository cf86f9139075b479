import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import { publishEvent } from '../events/domain.ts';
import type { Job } from '../jobs/queue.ts';
import { adapterFor } from './registry.ts';
import { DeliveryError } from './types.ts';

/**
 * The outbox: a turn (or a person) stores outbound messages; each message whose channel
 * sends it is delivered by a job of its own, with retries and backoff, and its delivery
 * state (queued → sent, or failed with the reason) is on the message for the API to show.
 * A message already sent is never sent again, so a retried job cannot deliver twice.
 */
export const DELIVER_JOB = 'channel.deliver';
export const DELIVERY_RETRIES = 5;

/** The delivery state a new outbound message (the agent's, unless said) starts in on this channel. */
export function initialDelivery(
  channel: string,
  role: 'agent' | 'human' | 'system' = 'agent',
): 'queued' | 'sent' {
  const adapter = adapterFor(channel);
  return adapter.send && !adapter.notify && (adapter.sends?.includes(role) ?? true) ? 'queued' : 'sent';
}

/** After the commit: tells a notifying channel (live chat) about a stored message; never throws. */
export async function notifyStored(
  ctx: AppContext,
  channel: string,
  message: { conversationId: string; messageId: string },
): Promise<void> {
  await adapterFor(channel)
    .notify?.(ctx, message)
    .catch((err) => ctx.log.warn({ err, messageId: message.messageId }, 'channel notice not published'));
}

export async function enqueueDelivery(ctx: AppContext, messageId: string): Promise<void> {
  await ctx.jobs.send(
    DELIVER_JOB,
    { messageId },
    {
      singletonKey: `deliver:${messageId}`,
      retryLimit: DELIVERY_RETRIES,
      retryDelaySeconds: 1,
      retryBackoff: true,
      retryDelayMaxSeconds: 300,
    },
  );
}

export async function deliver(ctx: AppContext, job: Job<{ messageId: string }>): Promise<void> {
  // Claiming the message returns it; a message sent, failed or being sent elsewhere is skipped.
  const { rows } = await sql<{
    id: string;
    account_id: string;
    conversation_id: string;
    text: string;
    parts: unknown[] | null;
    channel: string;
    channel_id: string | null;
  }>`
    update messages m set delivery_lease_until = now() + interval '60 seconds'
    from conversations c
    where m.id = ${job.data.messageId} and c.id = m.conversation_id and m.delivery = 'queued'
      and (m.delivery_lease_until is null or m.delivery_lease_until < now())
    returning m.id, m.account_id, m.conversation_id, m.text, m.parts, c.channel, c.channel_id`.execute(
    ctx.db,
  );
  const row = rows[0];
  if (!row) return;
  const adapter = adapterFor(row.channel);
  const ids = { accountId: row.account_id, conversationId: row.conversation_id, messageId: row.id };
  try {
    await adapter.send?.(ctx, {
      ...ids,
      channel: row.channel,
      channelId: row.channel_id,
      text: row.text,
      parts: row.parts ?? [],
    });
  } catch (err) {
    const reason = err instanceof DeliveryError ? err.message : 'The channel could not be reached.';
    const last = job.retryCount >= job.retryLimit || (err instanceof DeliveryError && err.permanent);
    await ctx.db
      .updateTable('messages')
      .set((eb) => ({
        delivery_attempts: eb('delivery_attempts', '+', 1),
        delivery_error: reason,
        delivery_lease_until: null,
        ...(last ? { delivery: 'failed' as const } : {}),
      }))
      .where('id', '=', row.id)
      .execute();
    if (!last) throw err;
    ctx.log.warn({ messageId: row.id, reason }, 'delivery failed for good');
    await publishEvent(ctx.events, 'delivery.failed', { ...ids, channel: row.channel });
    return;
  }
  await ctx.db
    .updateTable('messages')
    .set((eb) => ({
      // A receipt (delivered, read) that raced ahead of this update is kept.
      delivery: sql<'sent'>`case when delivery = 'queued' then 'sent' else delivery end`,
      delivered_at: new Date(),
      delivery_error: null,
      delivery_lease_until: null,
      delivery_attempts: eb('delivery_attempts', '+', 1),
    }))
    .where('id', '=', row.id)
    .execute();
  await publishEvent(ctx.events, 'message.sent', { ...ids, channel: row.channel });
}

/** Queued messages whose job may never have been sent (a crash right after the commit). */
export async function requeueStale(ctx: AppContext, olderThanSeconds: number): Promise<number> {
  const { rows } = await sql<{ id: string }>`
    select id from messages where delivery = 'queued'
      and created_at < now() - make_interval(secs => ${olderThanSeconds})
    order by created_at limit 100`.execute(ctx.db);
  for (const r of rows) await enqueueDelivery(ctx, r.id);
  return rows.length;
}
