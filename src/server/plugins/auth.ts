import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { authenticateKey, type Principal } from '../../access/api-keys.ts';
import type { Scope } from '../../access/scopes.ts';
import type { AppContext } from '../../context.ts';
import { AppError, unauthorized } from '../../shared/errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** The scope a route requires; checked after authentication. */
    scope?: Scope;
    /** Routes under /api/v1 that need no key (the OpenAPI document). */
    public?: boolean;
  }
}

/** The authenticated caller; routes behind the auth hook can rely on it. */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw unauthorized();
  return req.principal;
}

/**
 * Bearer authentication on /api/v1 and the per-route scope check. 401 for a missing or
 * bad key; 403 naming the scope when the key lacks it.
 */
export const authPlugin = fp(async (app: FastifyInstance, opts: { ctx: AppContext }) => {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req) => {
    // Decided on the matched route, never on the raw URL: `/%61pi/v1/…` reaches the same
    // handler as `/api/v1/…` but does not start with `/api/v1/`.
    const route = req.routeOptions.url;
    if (route === undefined || !route.startsWith('/api/v1/') || req.routeOptions.config?.public) return;
    const header = req.headers.authorization;
    const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!m) throw unauthorized('Send an API key as "Authorization: Bearer <key>".');
    const principal = await authenticateKey(opts.ctx.db, m[1]!);
    if (!principal) throw unauthorized('The API key is invalid or revoked.');
    req.principal = principal;
    const scope = req.routeOptions.config?.scope;
    if (scope && !principal.scopes.has(scope)) {
      throw new AppError('forbidden', 'missing_scope', `This API key lacks the "${scope}" scope.`, [
        { path: '', message: `requires scope ${scope}` },
      ]);
    }
  });
});
