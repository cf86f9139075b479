import type { FastifyRequest } from 'fastify';
import twilio from 'twilio';
import type { AppContext } from '../../context.ts';
import { forbidden } from '../../shared/errors.ts';
import { loadTwilioChannel, type TwilioChannel, type TwilioChannelType } from './channel.ts';

export const SIGNATURE_HEADER = 'x-twilio-signature';

/**
 * The URL Twilio signed: the channel's configured public base plus the path and query this
 * request arrived on (a proxy in front may change the host and scheme, never what Twilio
 * was told to call). Twilio signs the URL exactly as configured, query string included.
 */
export function signedUrl(webhookBaseUrl: string, requestUrl: string): string {
  return webhookBaseUrl.replace(/\/+$/, '') + requestUrl;
}

/**
 * `X-Twilio-Signature` (contracts §4): HMAC-SHA1 with the Auth Token over the URL and every
 * POST parameter sorted by name, base64 — checked by the `twilio` package's own validator,
 * which compares in constant time and tries the URL with and without a default port.
 */
export function isSignedByTwilio(
  authToken: string,
  signature: string | undefined,
  url: string,
  params: Record<string, string>,
): boolean {
  if (!signature) return false;
  return twilio.validateRequest(authToken, signature, url, params);
}

/**
 * A `preValidation` hook for a Twilio webhook: the channel must exist with that type and the
 * request must carry a valid signature over its form body; otherwise 403 before anything is
 * read or stored (the same answer for an unknown channel, so ids cannot be probed).
 */
export function twilioGuard(ctx: AppContext, type: TwilioChannelType) {
  return async (req: FastifyRequest): Promise<void> => {
    const { channelId } = req.params as { channelId: string };
    const channel = await loadTwilioChannel(ctx, channelId, type);
    const header = req.headers[SIGNATURE_HEADER];
    const signature = typeof header === 'string' ? header : undefined;
    const params = isForm(req.body) ? req.body : null;
    if (
      !channel ||
      !params ||
      !isSignedByTwilio(
        channel.authToken,
        signature,
        signedUrl(channel.config.webhookBaseUrl, req.url),
        params,
      )
    )
      throw forbidden('The request is not signed by Twilio for this channel.', 'invalid_signature');
    req.twilio = { channel, params };
  };
}

const isForm = (body: unknown): body is Record<string, string> =>
  body !== null &&
  typeof body === 'object' &&
  !Array.isArray(body) &&
  Object.values(body).every((v) => typeof v === 'string');

declare module 'fastify' {
  interface FastifyRequest {
    /** A verified Twilio webhook: its channel and its form parameters. */
    twilio?: { channel: TwilioChannel; params: Record<string, string> };
  }
}
