import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Where `npm install` (the `prepare` script) puts the built admin web app. */
export const WEB_DIST = join(dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

/**
 * The admin web app at `/`, beside the API. Hashed assets are cached for a year; index.html
 * is never cached so a new build is picked up at once. Nothing is loaded from other origins,
 * which the content security policy enforces.
 */
export const webPlugin = fp(async (app: FastifyInstance, opts: { dist?: string } = {}) => {
  const root = opts.dist ?? WEB_DIST;
  if (!existsSync(join(root, 'index.html'))) {
    app.get('/', { schema: { hide: true } }, async (_req, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .send('The web app is not built. Run `npm install` (or `npm run build:web`) and restart.\n'),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: ['index.html'],
    setHeaders: (res, path) => {
      if (path.endsWith('.html')) {
        res.header('cache-control', 'no-cache');
        res.header(
          'content-security-policy',
          "default-src 'self'; img-src 'self' data:; style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        );
        res.header('x-content-type-options', 'nosniff');
      } else if (path.includes('/assets/')) {
        res.header('cache-control', 'public, max-age=31536000, immutable');
      }
    },
  });
});
