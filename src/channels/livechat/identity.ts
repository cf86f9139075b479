import { errors, jwtVerify } from 'jose';
import { z } from 'zod';
import type { IdentityInput } from '../../conversations/contacts.ts';
import type { Keyring } from '../../secrets/keyring.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';

/**
 * Who a widget visitor is (contracts.md §6). A signed-in visitor brings a token the
 * business's server signed (HS256 with the channel's `signingSecret`) carrying `sub` (the
 * business's user id), optionally `email`, `phone`, `name`, and a required `exp`: its
 * identities count as proved ('widget_token') for the identity gate. A bad, forged or
 * expired token is refused, never downgraded to anonymous. An anonymous visitor gets a
 * session the server sealed (keyring, bound to the channel): a random visitor id nobody
 * can guess or forge, so no one reads another visitor's history.
 */
export interface Visitor {
  /** The identity the visitor's conversation is keyed on (external id or visitor id). */
  key: IdentityInput;
  identities: IdentityInput[];
  name?: string | undefined;
  verified: boolean;
  /** For an anonymous visitor: the sealed session the widget keeps and sends back. */
  session?: string;
}

export const TOKEN_PROOF = 'widget_token';

const claims = z.object({
  sub: z.string().min(1).max(200),
  email: z.email().max(320).optional(),
  phone: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'E.164, e.g. +14155550123')
    .optional(),
  name: z.string().trim().min(1).max(200).optional(),
});

const refused = (code: string, message: string) => new AppError('unauthorized', code, message);

/** Verifies a visitor token; throws `invalid_token` or `token_expired`. */
export async function verifiedVisitor(secret: string, token: string): Promise<Visitor> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
      requiredClaims: ['sub', 'exp'],
    }));
  } catch (err) {
    if (err instanceof errors.JWTExpired) throw refused('token_expired', 'The visitor token has expired.');
    throw refused('invalid_token', 'The visitor token is invalid (signature, algorithm or claims).');
  }
  const c = claims.safeParse(payload);
  if (!c.success) {
    const field = c.error.issues[0]?.path.join('.') ?? '';
    throw refused('invalid_token', `The visitor token's "${field}" claim is invalid.`);
  }
  const { sub, email, phone, name } = c.data;
  const key: IdentityInput = { type: 'external', value: sub, proof: TOKEN_PROOF };
  const identities: IdentityInput[] = [key];
  if (email) identities.push({ type: 'email', value: email, proof: TOKEN_PROOF });
  if (phone) identities.push({ type: 'phone', value: phone, proof: TOKEN_PROOF });
  return { key, identities, name, verified: true };
}

const sessionContext = (channelId: string) => `livechat-visitor:${channelId}`;

/** The visitor a sealed session names; a session that does not open starts a new visitor. */
export function anonymousVisitor(keyring: Keyring, channelId: string, session: string | undefined): Visitor {
  let visitorId: string | undefined;
  if (session) {
    try {
      visitorId = JSON.parse(keyring.open(session, sessionContext(channelId))).v;
    } catch {
      visitorId = undefined;
    }
  }
  const id = typeof visitorId === 'string' ? visitorId : newId('vis');
  const key: IdentityInput = { type: 'visitor', value: id };
  return {
    key,
    identities: [key],
    verified: false,
    session:
      id === visitorId && session
        ? session
        : keyring.seal(JSON.stringify({ v: id }), sessionContext(channelId)),
  };
}
