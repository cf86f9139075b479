import type { FastifyRequest } from 'fastify';
import { forbidden, unauthorized } from '../../shared/errors.ts';

/** Who is signed in to the admin web app in this browser. */
export interface BrowserSession {
  accountId: string;
  userId: string | null;
}

/**
 * The OAuth callback is a browser route (spec §D1): only a signed-in admin's browser may
 * finish a connection, never an API key. Browser sessions are being added to the auth
 * layer as principals with `via: 'session'`; this is the one check the callback makes.
 * An API key (a principal without `via: 'session'`, or a Bearer header on this route,
 * which the API auth hook does not cover) is refused with 403; nothing at all is 401.
 */
export function requireBrowserSession(req: FastifyRequest): BrowserSession {
  const principal = req.principal as
    | (NonNullable<FastifyRequest['principal']> & { via?: string; userId?: string })
    | null;
  if (principal?.via === 'session')
    return { accountId: principal.accountId, userId: principal.userId ?? null };
  if (principal || req.headers.authorization) {
    throw forbidden(
      'Finishing the HubSpot connection needs a signed-in browser session; an API key cannot complete it.',
      'browser_session_required',
    );
  }
  throw unauthorized('Sign in to Frontdesk in this browser, then open the HubSpot link again.');
}
