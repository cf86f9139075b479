import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { forbidden, unauthorized } from '../shared/errors.ts';
import { sameSecret } from '../shared/same-secret.ts';
import type { DB } from '../store/schema.ts';
import type { Principal } from './api-keys.ts';
import { authenticateSession, SESSION_COOKIE, SESSION_TTL_MS, type SessionPrincipal } from './sessions.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The browser session behind a request's cookie, or null when there is no cookie. Writes
 * must carry the session's CSRF token in `x-csrf-token` (SameSite already blocks most
 * cross-site requests; the token covers same-site subdomains and older browsers).
 */
export async function sessionFromRequest(
  db: Kysely<DB>,
  req: FastifyRequest,
): Promise<SessionPrincipal | null> {
  const token = req.cookies?.[SESSION_COOKIE];
  if (!token) return null;
  const principal = await authenticateSession(db, token);
  if (!principal) throw unauthorized('Your session has ended; sign in again.');
  if (!SAFE_METHODS.has(req.method)) {
    const sent = req.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !sameSecret(sent, principal.csrfToken)) {
      throw forbidden('The request lacks a valid x-csrf-token header.', 'csrf_failed');
    }
  }
  return principal;
}

/** For routes only a signed-in person may use (e.g. an OAuth callback): API keys are refused. */
export function requireSession(p: Principal | null): SessionPrincipal {
  if (!p) throw unauthorized('Sign in first.');
  if (p.via !== 'session')
    throw forbidden('This needs a signed-in browser session, not an API key.', 'session_required');
  return p as SessionPrincipal;
}

/**
 * Secure whenever the browser reached us over https: directly, through a trusted proxy
 * (FRONTDESK_TRUST_PROXY), or when the public URL is https.
 */
export function setSessionCookie(
  req: FastifyRequest,
  reply: FastifyReply,
  token: string | null,
  publicUrl?: string,
): void {
  const secure = req.protocol === 'https' || Boolean(publicUrl?.startsWith('https:'));
  if (token === null) {
    reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure });
    return;
  }
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure,
    maxAge: SESSION_TTL_MS / 1000,
  });
}
