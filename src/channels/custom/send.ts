import type { AppContext } from '../../context.ts';
import { channelToSendOn, requestForDelivery } from '../delivery.ts';
import { DeliveryError, type OutboundMessage, type TestMessage } from '../types.ts';
import { SIGNATURE_HEADER, signBody } from './signature.ts';

/**
 * A reply to a custom channel: POSTed as JSON to the channel's webhook URL through the one
 * outbound client (address policy included), signed with the channel's webhook secret. A
 * 2xx answer is a delivery; anything else is retried by the outbox. `Idempotency-Key` is
 * the message id, so a receiver can drop a repeat after a lost answer.
 */
export async function sendCustom(ctx: AppContext, message: OutboundMessage): Promise<void> {
  await postSigned(ctx, message.channelId, message.messageId, {
    type: 'message',
    conversationId: message.conversationId,
    messageId: message.messageId,
    text: message.text,
    parts: message.parts,
  });
}

/**
 * The setup screen's check: `{type:"test", text}` (and `to` when given) to the same
 * webhook, signed the same way, so a receiver proves both its URL and its secret.
 */
export async function sendCustomTest(ctx: AppContext, test: TestMessage): Promise<void> {
  await postSigned(ctx, test.channelId, `test-${crypto.randomUUID()}`, {
    type: 'test',
    text: test.text,
    ...(test.to ? { to: test.to } : {}),
  });
}

async function postSigned(
  ctx: AppContext,
  channelId: string | null,
  idempotencyKey: string,
  payload: Record<string, unknown>,
): Promise<void> {
  const channel = await channelToSendOn(ctx, channelId, 'custom');
  const url = String(channel.view.config['webhookUrl']);
  const body = JSON.stringify(payload);
  const { status } = await requestForDelivery(ctx, 'The webhook', {
    method: 'POST',
    url,
    headers: {
      'content-type': 'application/json',
      'idempotency-key': idempotencyKey,
      [SIGNATURE_HEADER]: signBody(channel.secrets['webhookSecret'] ?? '', body),
    },
    body,
    responseType: 'text',
  });
  if (status < 200 || status >= 300) throw new DeliveryError(`The webhook answered HTTP ${status}.`);
}
