import { sameSecret } from '../../shared/same-secret.ts';

/**
 * Meta's webhook verification (contracts §3): `GET ?hub.mode=subscribe&hub.verify_token=…
 * &hub.challenge=…`. The challenge is echoed only when the mode is `subscribe` and the token
 * equals the channel's verify token (compared in constant time); otherwise null (→ 403).
 */
export function answerHandshake(query: Record<string, unknown>, verifyToken: string): string | null {
  const mode = query['hub.mode'];
  const token = query['hub.verify_token'];
  const challenge = query['hub.challenge'];
  if (mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string') return null;
  if (!verifyToken || !sameSecret(token, verifyToken)) return null;
  // Meta sends an integer; anything else is not a handshake worth echoing into a response.
  return /^[\w-]{1,200}$/.test(challenge) ? challenge : null;
}
