import type { AppContext } from '../../context.ts';
import type { ContactInput } from '../../conversations/contacts.ts';
import type { ChannelRow } from '../../store/schema.ts';
import { conversationFor } from '../conversation-for.ts';

/**
 * The conversation a sender's message belongs to. A known sender with an open conversation
 * on this channel is found in one statement (most messages: a chat goes back and forth);
 * otherwise the contact is resolved and the conversation found or started as for any channel.
 */
export async function conversationOfSender(
  ctx: AppContext,
  channel: ChannelRow,
  recipientId: string,
  contact: () => ContactInput,
  text: string,
): Promise<string> {
  const open = await ctx.db
    .selectFrom('meta_recipients as r')
    .innerJoin('conversations as c', (j) =>
      j.onRef('c.contact_id', '=', 'r.contact_id').onRef('c.channel_id', '=', 'r.channel_id'),
    )
    .select('c.id')
    .where('r.channel_id', '=', channel.id)
    .where('r.recipient_id', '=', recipientId)
    .where('c.status', '=', 'open')
    .orderBy('c.created_at', 'desc')
    .executeTakeFirst();
  if (open) return open.id;
  return (await conversationFor(ctx, channel, contact(), { conversation: { text } })).conversationId;
}
