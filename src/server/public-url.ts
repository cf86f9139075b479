import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';

/**
 * The absolute origin customers and providers reach this server at: FRONTDESK_PUBLIC_URL
 * when set (behind a proxy the request's own host is an internal name), else the request's.
 */
export const publicBaseUrl = (ctx: AppContext, req: FastifyRequest): string =>
  (ctx.config.publicUrl ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '');
