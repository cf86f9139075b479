import type { AppContext } from '../../context.ts';
import type { OutboundMessage } from '../types.ts';
import { LIVECHAT_BUS, type LivechatNotice } from './hub.ts';

/**
 * A message to a widget visitor: already stored, so delivering it is telling every process
 * (LISTEN/NOTIFY) that it exists; whichever holds the visitor's sockets reads and pushes it.
 * A visitor who is away gets it from the history when the widget reconnects. Called right
 * after the commit (the adapter's `notify`), not through the outbox's job.
 */
export async function notifyLivechat(
  ctx: AppContext,
  message: Pick<OutboundMessage, 'conversationId' | 'messageId'>,
): Promise<void> {
  const notice: LivechatNotice = { c: message.conversationId, m: message.messageId };
  await ctx.events.publish(LIVECHAT_BUS, notice);
}
