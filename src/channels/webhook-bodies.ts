import type { FastifyInstance } from 'fastify';

/**
 * How a webhook route plugin receives its body, when the API-wide JSON parser will not do:
 * a provider's signature covers the body exactly as sent, so it is kept whole, inside that
 * plugin only (the rest of the API takes JSON alone).
 */

/** The raw bytes (Meta signs an escaped-Unicode form that re-serialising would not match). */
export function keepRawBody(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
}

/**
 * `application/x-www-form-urlencoded` (Twilio), every parameter kept: the signature covers
 * all of them, including ones the provider adds later.
 */
export function parseFormBody(app: FastifyInstance): void {
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
