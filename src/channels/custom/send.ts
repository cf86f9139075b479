import { sharedHttpClient } from '../../actions/runner/shared-client.ts';
import type { AppContext } from '../../context.ts';
import { findOutboundError } from '../../shared/http/errors.ts';
import { loadChannel } from '../repository.ts';
import { DeliveryError, type OutboundMessage } from '../types.ts';
import { SIGNATURE_HEADER, signBody } from './signature.ts';

/**
 * A reply to a custom channel: POSTed as JSON to the channel's webhook URL through the one
 * outbound client (address policy included), signed with the channel's webhook secret. A
 * 2xx answer is a delivery; anything else is retried by the outbox. `Idempotency-Key` is
 * the message id, so a receiver can drop a repeat after a lost answer.
 */
export async function sendCustom(ctx: AppContext, message: OutboundMessage): Promise<void> {
  const channel = message.channelId ? await loadChannel(ctx.db, ctx.keyring, message.channelId) : undefined;
  if (channel?.row.type !== 'custom')
    throw new DeliveryError('The channel no longer exists.', { permanent: true });
  const url = String(channel.view.config['webhookUrl']);
  const body = JSON.stringify({
    type: 'message',
    conversationId: message.conversationId,
    messageId: message.messageId,
    text: message.text,
    parts: message.parts,
  });
  const client = sharedHttpClient(ctx.config.devHosts);
  let status: number;
  try {
    const res = await client.request({
      method: 'POST',
      url,
      headers: {
        'content-type': 'application/json',
        'idempotency-key': message.messageId,
        [SIGNATURE_HEADER]: signBody(channel.secrets['webhookSecret'] ?? '', body),
      },
      body,
      responseType: 'text',
      followRedirects: false,
    });
    status = res.status;
  } catch (err) {
    const e = findOutboundError(err);
    throw new DeliveryError(
      e ? `The webhook could not be reached (${e.errorClass}).` : 'The webhook could not be reached.',
      {
        permanent: e?.errorClass === 'blocked_address' || e?.errorClass === 'invalid_url',
      },
    );
  }
  if (status < 200 || status >= 300) throw new DeliveryError(`The webhook answered HTTP ${status}.`);
}
