import type { FastifyInstance, FastifyRequest } from 'fastify';
import sjson from 'secure-json-parse';
import { badRequest } from '../shared/errors.ts';
import { assertAcceptableBody } from './input-guards.ts';

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
      // No body at all ("POST …/publish" sent with a JSON content type) reads as `{}`: routes that
      // need no body accept it, routes that do say which fields are missing.
      if (text.trim() === '') {
        done(null, {});
        return;
      }
      let parsed: unknown;
      try {
        parsed = parseJsonText(text);
      } catch (err) {
        done(err as Error, undefined);
        return;
      }
      done(null, parsed);
    },
  );
}

/**
 * JSON text as every route reads it: prototype-poisoning keys refused (400 malformed_json),
 * then NUL, lone surrogates and deep nesting refused, once, for every route (and for the
 * webhooks that parse their raw bytes themselves, after checking the signature).
 */
export function parseJsonText(text: string): unknown {
  let parsed: unknown;
  try {
    parsed = sjson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (err) {
    const message = err instanceof SyntaxError ? err.message : 'forbidden property name';
    throw badRequest(`The body is not valid JSON: ${message}`, [], 'malformed_json');
  }
  assertAcceptableBody(parsed);
  return parsed;
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
