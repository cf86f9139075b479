import type { AppContext } from '../../context.ts';
import type { ContactInput } from '../../conversations/contacts.ts';
import type { ChannelRow } from '../../store/schema.ts';
import { receiveOnChannel } from '../pipeline.ts';
import { recordInbound } from './recipients.ts';

/**
 * A WhatsApp or Messenger customer's text into the one pipeline (stored once per provider
 * message id), with where replies go and when the 24-hour window started recorded before
 * its turn can produce a reply.
 */
export function receiveFromSender(
  ctx: AppContext,
  channel: ChannelRow,
  m: { senderId: string; contact: ContactInput; text: string; providerMessageId: string; at: Date },
) {
  return receiveOnChannel(
    ctx,
    channel,
    m.contact,
    { conversation: { text: m.text } },
    { text: m.text, channelMessageId: m.providerMessageId },
    {
      beforeTurn: (conversationId) =>
        recordInbound(ctx, { channelId: channel.id, conversationId, recipientId: m.senderId, at: m.at }),
    },
  );
}
