import type { AppContext } from '../../context.ts';
import type { OutboundResponse } from '../../shared/http/client.ts';
import { requestForDelivery } from '../delivery.ts';
import { DeliveryError } from '../types.ts';
import type { TwilioChannel } from './channel.ts';

/**
 * One SMS through Twilio's Messages API (contracts §4): `POST
 * /2010-04-01/Accounts/{AccountSid}/Messages.json`, form body `To`, `From`, `Body`, basic
 * auth with the Account SID and Auth Token, through the one outbound client (its address
 * policy applies to the API base URL too), with `StatusCallback` when Twilio should report
 * the delivery back. Returns the Message SID. A refusal Twilio will
 * repeat (bad number, unsubscribed recipient, wrong credentials) is permanent; 429 and 5xx
 * are retried by the outbox.
 */
export async function postMessage(
  ctx: AppContext,
  channel: TwilioChannel,
  message: { to: string; body: string; statusCallback?: string },
): Promise<string> {
  const { accountSid, apiBaseUrl, phoneNumber } = channel.config;
  const url = `${apiBaseUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
  const auth = Buffer.from(`${accountSid}:${channel.authToken}`).toString('base64');
  const res = await requestForDelivery(ctx, 'Twilio', {
    method: 'POST',
    url,
    headers: {
      authorization: `Basic ${auth}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: new URLSearchParams({
      To: message.to,
      From: phoneNumber,
      Body: message.body,
      ...(message.statusCallback ? { StatusCallback: message.statusCallback } : {}),
    }).toString(),
    responseType: 'text',
  });
  const body = parseJson(res);
  if (res.status >= 200 && res.status < 300 && typeof body?.['sid'] === 'string') return body['sid'];
  const code = typeof body?.['code'] === 'number' ? ` (error ${body['code']})` : '';
  const permanent = res.status >= 400 && res.status < 500 && res.status !== 429;
  throw new DeliveryError(`Twilio answered HTTP ${res.status}${code}.`, { permanent });
}

/** Twilio's answer as an object: 2xx bodies arrive as text (`responseType: 'text'`), errors as JSON. */
function parseJson(res: OutboundResponse): Record<string, unknown> | null {
  let v = res.json;
  if (v === null && res.bodyText) {
    try {
      v = JSON.parse(res.bodyText);
    } catch {
      return null;
    }
  }
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}
