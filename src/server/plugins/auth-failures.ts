import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../shared/errors.ts';

const WINDOW_MS = 60_000;
// A flood of distinct addresses must not grow the table without bound.
const MAX_TRACKED = 50_000;

/**
 * Requests without a valid key never reach the per-key limiter (authentication fails in
 * `onRequest`, before it runs), so a client guessing keys would be unlimited. This counts
 * 401 answers per client address and, past `perMinute` in a minute, answers 429 before
 * authentication is even tried. The address is `req.ip`, which honours `trustProxy` only
 * when the operator enabled it. Counted per process, like the per-key limit.
 */
export const authFailuresPlugin = fp(async (app: FastifyInstance, opts: { perMinute: number }) => {
  const failures = new Map<string, { count: number; resetAt: number }>();

  app.addHook('onRequest', async (req) => {
    const entry = failures.get(req.ip);
    if (!entry) return;
    const now = Date.now();
    if (entry.resetAt <= now) {
      failures.delete(req.ip);
      return;
    }
    if (entry.count >= opts.perMinute) {
      const seconds = Math.max(1, Math.ceil((entry.resetAt - now) / 1000));
      throw new AppError(
        'rate_limited',
        'rate_limited',
        `Too many requests without a valid API key; retry in ${seconds} s.`,
        [],
        { 'retry-after': String(seconds) },
      );
    }
  });

  app.addHook('onResponse', async (req, reply) => {
    if (reply.statusCode !== 401) return;
    const now = Date.now();
    let entry = failures.get(req.ip);
    if (!entry || entry.resetAt <= now) {
      if (failures.size >= MAX_TRACKED) failures.clear();
      entry = { count: 0, resetAt: now + WINDOW_MS };
      failures.set(req.ip, entry);
    }
    entry.count++;
  });
});
