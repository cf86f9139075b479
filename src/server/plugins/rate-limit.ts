import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../shared/errors.ts';

/**
 * Per-key rate limiting on the API (per client address for unauthenticated calls), with
 * 429 and Retry-After. Counted per process: behind a load balancer the effective limit
 * is this value times the number of processes.
 */
export const rateLimitPlugin = fp(async (app: FastifyInstance, opts: { perMinute: number }) => {
  await app.register(rateLimit, {
    global: true,
    hook: 'preHandler',
    max: opts.perMinute,
    timeWindow: 60_000,
    allowList: (req) => !req.routeOptions.url?.startsWith('/api/v1/'),
    keyGenerator: (req) => req.principal?.keyId ?? `ip:${req.ip}`,
    errorResponseBuilder: (_req, ctx) => {
      const seconds = Math.max(1, Math.ceil(ctx.ttl / 1000));
      return new AppError('rate_limited', 'rate_limited', `Too many requests; retry in ${seconds} s.`, [], {
        'retry-after': String(seconds),
      });
    },
  });
});
