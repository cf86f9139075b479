import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Meta's event signature (contracts §3): `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app
 * secret, raw body)>`. It is computed over the bytes as sent — Meta signs an escaped-Unicode
 * form, so a body re-serialised after parsing would not match — and compared in constant time.
 */
export const SIGNATURE_HEADER = 'x-hub-signature-256';

export type SignatureCheck = 'ok' | 'missing' | 'invalid';

export function signPayload(appSecret: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

export function checkSignature(
  appSecret: string,
  rawBody: Buffer,
  header: string | string[] | undefined,
): SignatureCheck {
  if (typeof header !== 'string' || header === '') return 'missing';
  const m = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim());
  if (!m || !appSecret) return 'invalid';
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(m[1]!, 'hex')) ? 'ok' : 'invalid';
}
