import { sharedHttpClient } from '../actions/runner/shared-client.ts';
import type { AppContext } from '../context.ts';
import type { OutboundRequest, OutboundResponse } from '../shared/http/client.ts';
import { findOutboundError } from '../shared/http/errors.ts';
import { type Loaded, loadChannelOfType } from './channel-cache.ts';
import { DeliveryError } from './types.ts';

/**
 * What every channel's `send` shares before and around its provider's own protocol: the
 * channel it sends on, and the one outbound client's failures as DeliveryErrors the outbox
 * understands. What a provider's HTTP answer means stays with the provider (each words its
 * refusals differently); reaching it does not.
 */

/** Deleted, or moved to another account, since the message was queued: retrying cannot help. */
export const channelGone = () => new DeliveryError('The channel no longer exists.', { permanent: true });

/** The channel of that type a message or a test goes out on (in that account, when given). */
export async function channelToSendOn(
  ctx: AppContext,
  channelId: string | null,
  type: string,
  accountId?: string,
): Promise<Loaded> {
  const channel = await loadChannelOfType(ctx.db, ctx.keyring, channelId, type);
  if (!channel || (accountId !== undefined && channel.row.account_id !== accountId)) throw channelGone();
  return channel;
}

/**
 * One request to a provider through the one outbound client, redirects not followed. Not
 * reaching it is retried, except where the address policy refuses the URL (no retry changes
 * that). `who` names the far side in the reason, e.g. "The webhook".
 */
export async function requestForDelivery(
  ctx: AppContext,
  who: string,
  request: OutboundRequest,
): Promise<OutboundResponse> {
  try {
    return await sharedHttpClient(ctx.config.devHosts).request({ followRedirects: false, ...request });
  } catch (err) {
    const e = findOutboundError(err);
    throw new DeliveryError(
      e ? `${who} could not be reached (${e.errorClass}).` : `${who} could not be reached.`,
      {
        permanent: e?.errorClass === 'blocked_address' || e?.errorClass === 'invalid_url',
      },
    );
  }
}
