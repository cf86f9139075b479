import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How a custom channel signs what Frontdesk POSTs to the business's webhook (the documented
 * recipe): `X-Frontdesk-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 * A receiver recomputes v1 over the raw body, compares in constant time, and refuses a
 * timestamp outside its replay window (5 minutes is the recommendation).
 */
export const SIGNATURE_HEADER = 'x-frontdesk-signature';
export const REPLAY_WINDOW_SECONDS = 300;

export function signBody(secret: string, body: string, at: Date = new Date()): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

/** The receiver's side of the recipe (what a business's server does; used by the tests). */
export function verifySignature(
  secret: string,
  body: string,
  header: string | undefined,
  now: Date = new Date(),
): boolean {
  const m = header ? /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) : null;
  if (!m) return false;
  const t = Number(m[1]);
  if (Math.abs(now.getTime() / 1000 - t) > REPLAY_WINDOW_SECONDS) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(m[2]!, 'hex'));
}
