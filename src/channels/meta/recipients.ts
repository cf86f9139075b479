import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';

/**
 * Per channel and contact: the provider id replies go to (wa_id or PSID) and when the
 * customer last wrote by the provider's clock — the start of the 24-hour window. Recorded
 * before the message's turn starts (receiveOnChannel's `beforeTurn`), so no reply can be
 * sent without it.
 */
export async function recordInbound(
  ctx: AppContext,
  args: { channelId: string; conversationId: string; recipientId: string; at: Date },
): Promise<void> {
  await sql`
    insert into meta_recipients (channel_id, contact_id, account_id, recipient_id, last_inbound_at)
    select ${args.channelId}, c.contact_id, c.account_id, ${args.recipientId}, ${args.at}
      from conversations c where c.id = ${args.conversationId}
    on conflict (channel_id, contact_id) do update set recipient_id = excluded.recipient_id,
      last_inbound_at = greatest(meta_recipients.last_inbound_at, excluded.last_inbound_at)`.execute(ctx.db);
}

export async function recipientOf(
  ctx: AppContext,
  channelId: string,
  conversationId: string,
): Promise<{ recipientId: string; lastInboundAt: Date } | undefined> {
  const row = await ctx.db
    .selectFrom('meta_recipients as r')
    .innerJoin('conversations as c', 'c.contact_id', 'r.contact_id')
    .select(['r.recipient_id', 'r.last_inbound_at'])
    .where('c.id', '=', conversationId)
    .where('r.channel_id', '=', channelId)
    .executeTakeFirst();
  return row ? { recipientId: row.recipient_id, lastInboundAt: new Date(row.last_inbound_at) } : undefined;
}
