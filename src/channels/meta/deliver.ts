import type { AppContext } from '../../context.ts';
import type { Reply, ReplyPart } from '../../conversations/engine/replies.ts';
import type { Loaded } from '../channel-cache.ts';
import { channelToSendOn } from '../delivery.ts';
import { type Rendered, renderReply } from '../render.ts';
import { type ChannelCapabilities, DeliveryError, type OutboundMessage, type TestMessage } from '../types.ts';
import { GraphSendError, postGraphMessage } from './graph.ts';
import { recipientOf } from './recipients.ts';
import { insideWindow, WindowClosedError } from './window.ts';

/**
 * What WhatsApp and Messenger share on the way out: the channel's credentials, the
 * recipient and the 24-hour window (checked before sending, and recognised when Meta
 * refuses), rendering by capability, the Graph API call, and the provider's message id kept
 * on the message so status receipts can find it. Each channel supplies only its wire shape.
 */
export interface GraphChannel {
  type: 'whatsapp' | 'messenger';
  label: string;
  capabilities: ChannelCapabilities;
  /** The node replies are sent from: the phone number id or the page id. */
  nodeIdOf(config: Record<string, unknown>): string;
  /** The request bodies for one message, in order (Messenger splits long text). */
  bodiesFor(recipientId: string, rendered: Rendered): unknown[];
  /** The provider's id of the message it accepted. */
  messageIdOf(response: unknown): string | undefined;
}

export async function sendThroughGraph(
  ctx: AppContext,
  spec: GraphChannel,
  message: OutboundMessage,
): Promise<void> {
  const channel = await channelToSendOn(ctx, message.channelId, spec.type);
  const recipient = await recipientOf(ctx, channel.row.id, message.conversationId);
  // Retried, not failed: a message queued as the conversation starts (the "a person will
  // reply" notice) can reach here before the inbound side has recorded whom to answer.
  if (!recipient) throw new DeliveryError(`No ${spec.label} recipient is known for this conversation.`);
  if (!insideWindow(recipient.lastInboundAt)) return windowClosed(ctx, spec, message);
  const rendered = message.parts.length
    ? renderReply({ parts: message.parts as ReplyPart[] } satisfies Reply, spec.capabilities)
    : { text: message.text };
  let providerId: string | undefined;
  try {
    for (const body of spec.bodiesFor(recipient.recipientId, rendered)) {
      providerId = spec.messageIdOf(await post(ctx, spec, channel, body)) ?? providerId;
    }
  } catch (err) {
    if (err instanceof GraphSendError && err.windowClosed) return windowClosed(ctx, spec, message);
    throw err;
  }
  if (providerId) {
    await ctx.db
      .updateTable('messages')
      .set({ channel_message_id: providerId })
      .where('id', '=', message.messageId)
      .execute();
  }
}

/** The setup screen's check: one message to `to`, outside any conversation (no window known). */
export async function sendTestThroughGraph(ctx: AppContext, spec: GraphChannel, test: TestMessage) {
  const channel = await channelToSendOn(ctx, test.channelId, spec.type, test.accountId);
  for (const body of spec.bodiesFor(test.to, { text: test.text })) await post(ctx, spec, channel, body);
}

const post = (ctx: AppContext, spec: GraphChannel, channel: Loaded, body: unknown) =>
  postGraphMessage(ctx, {
    graphApiUrl: String(channel.view.config['graphApiUrl']),
    nodeId: spec.nodeIdOf(channel.view.config),
    accessToken: channel.secrets['accessToken'] ?? '',
    body,
  });

/**
 * The window is closed: nothing is sent; the conversation goes to a person, who can reach
 * the customer with a template from Meta's tools, and the failure is permanent.
 */
async function windowClosed(ctx: AppContext, spec: GraphChannel, message: OutboundMessage): Promise<never> {
  // Loaded when needed: the conversation commands import the outbox, which imports this adapter.
  const { handOffConversation } = await import('../../conversations/commands.ts');
  await handOffConversation(ctx, message.accountId, message.conversationId, 'window_closed');
  throw new WindowClosedError(spec.label);
}
