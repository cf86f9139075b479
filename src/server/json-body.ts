import type { FastifyInstance, FastifyRequest } from 'fastify';
import sjson from 'secure-json-parse';
import { AppError } from '../shared/errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The JSON body as received, for the places that must see number spelling (`3.0`). */
    rawBody?: string;
  }
}

/**
 * JSON bodies are parsed here rather than by Fastify's default parser so the raw text is
 * kept (strict typing needs to tell `3` from `3.0`) while keeping its protection against
 * prototype poisoning.
 */
export function registerJsonParser(app: FastifyInstance): void {
  // JSON only by default; channels that receive forms register their own parser.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    /^application\/([\w.+-]+\+)?json(\s*;.*)?$/i,
    { parseAs: 'string' },
    (req, body, done) => {
      const text = body as string;
      req.rawBody = text;
      if (text.trim() === '') {
        done(new AppError('bad_request', 'malformed_json', 'The JSON body is empty.'), undefined);
        return;
      }
      try {
        done(null, sjson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
      } catch (err) {
        const message = err instanceof SyntaxError ? err.message : 'forbidden property name';
        done(
          new AppError('bad_request', 'malformed_json', `The body is not valid JSON: ${message}`),
          undefined,
        );
      }
    },
  );
}

/**
 * The body as the client sent it, before schema defaults were applied: PATCH must merge
 * only the fields the client named.
 */
export function sentFields(req: FastifyRequest): Record<string, unknown> {
  const body = req.rawBody
    ? sjson.parse(req.rawBody, undefined, { protoAction: 'remove', constructorAction: 'remove' })
    : {};
  return body !== null && typeof body === 'object' && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};
}
