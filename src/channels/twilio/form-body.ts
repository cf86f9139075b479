import type { FastifyInstance } from 'fastify';

/**
 * Twilio posts `application/x-www-form-urlencoded` bodies. The parser is registered inside
 * the Twilio routes' plugin only (the rest of the API takes JSON alone); every parameter is
 * kept, because the signature covers all of them, including ones Twilio adds later.
 */
export function registerFormParser(app: FastifyInstance): void {
  app.addContentTypeParser(
    /^application\/x-www-form-urlencoded(\s*;.*)?$/i,
    { parseAs: 'string' },
    (_req, body, done) => {
      const params: Record<string, string> = Object.create(null);
      for (const [k, v] of new URLSearchParams(body as string)) params[k] = v;
      done(null, params);
    },
  );
}
