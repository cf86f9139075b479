import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { ChannelRow } from '../../store/schema.ts';
import { applyReceipt } from '../meta/receipts.ts';
import { receiveFromSender } from '../meta/sender.ts';
import { providerTime } from '../meta/window.ts';
import type { MessagingEvent, MessengerPayload } from './payload.ts';

/**
 * A verified Messenger payload into the one pipeline: each customer text is stored through
 * `receiveFromSender()` (idempotent on its `mid`); a tapped quick reply counts as its payload
 * (the choice's value, e.g. "yes"). Echoes of the page's own messages and standby events are
 * ignored; delivery and read receipts move the delivery state. Entries for another page
 * are not this channel's.
 */
export async function handleMessenger(
  ctx: AppContext,
  channel: ChannelRow,
  payload: MessengerPayload,
): Promise<void> {
  const pageId = String(channel.config['pageId']);
  for (const entry of payload.entry) {
    if (entry.id !== pageId) continue;
    for (const event of entry.messaging ?? []) await handleEvent(ctx, channel, event);
  }
}

async function handleEvent(ctx: AppContext, channel: ChannelRow, event: MessagingEvent): Promise<void> {
  const m = event.message;
  if (m && !m.is_echo) {
    const text = (m.quick_reply?.payload ?? m.text)?.trim();
    // Attachments and stickers are not read yet: acknowledged, not answered.
    if (!text) return;
    await receiveFromSender(ctx, channel, {
      senderId: event.sender.id,
      contact: { identities: [{ type: 'messenger', value: event.sender.id }] },
      text,
      providerMessageId: m.mid,
      at: providerTime(event.timestamp ?? Date.now()),
    });
    return;
  }
  for (const mid of event.delivery?.mids ?? [])
    await applyReceipt(ctx, { channelId: channel.id, providerMessageId: mid, state: 'delivered' });
  if (event.read) await markRead(ctx, channel.id, event.sender.id, providerTime(event.read.watermark));
}

/** A read receipt names no message: everything sent to this customer up to the watermark is read. */
async function markRead(ctx: AppContext, channelId: string, psid: string, upTo: Date): Promise<void> {
  await sql`
    update messages m set delivery = 'read'
    from conversations c, meta_recipients r
    where c.id = m.conversation_id and c.channel_id = ${channelId}
      and r.channel_id = c.channel_id and r.contact_id = c.contact_id and r.recipient_id = ${psid}
      and m.role <> 'customer' and m.delivery in ('sent', 'delivered') and m.delivered_at <= ${upTo}`.execute(
    ctx.db,
  );
}
