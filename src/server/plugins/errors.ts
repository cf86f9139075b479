import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, badRequest, conflict, type ErrorDetail, invalid } from '../../shared/errors.ts';
import { httpStatusOf, kindOfStatus } from '../http-status.ts';

/**
 * One error format everywhere: `{"error":{"code","message","details":[{path,message}]}}`.
 * Fastify's own errors (body parsing, size, routing) are mapped onto the same shape.
 */
const FASTIFY_CODES: Record<string, { status: number; code: string; message?: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'malformed_json',
    message: 'The body is not valid JSON.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'malformed_json', message: 'The JSON body is empty.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'bad_request' },
  FST_ERR_NOT_FOUND: { status: 404, code: 'not_found' },
  FST_ERR_BAD_URL: { status: 400, code: 'bad_url', message: 'The URL is not validly percent-encoded.' },
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 414,
    code: 'uri_too_long',
    message: 'A path segment of the URL is too long.',
  },
};

/**
 * Fastify's `frameworkErrors`: errors raised while routing (a badly encoded URL, a path
 * parameter past the length limit) answered in the one error format instead of Fastify's own.
 */
export function frameworkErrors(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const e = toAppError(err);
  reply.status(httpStatusOf(e.kind)).type('application/json').send(e.toJSON());
}

/**
 * Node's HTTP parser refuses some requests before Fastify sees them (431 headers or URL
 * too large, 400 malformed); the answer still uses the one error format.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: import('node:net').Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const body = JSON.stringify({
    error: {
      code: tooLarge ? 'headers_too_large' : 'bad_request',
      message: tooLarge ? 'The URL or the headers are too large.' : 'The request is not valid HTTP.',
      details: [],
    },
  });
  const reason = tooLarge ? 'Request Header Fields Too Large' : 'Bad Request';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * A database refusal that slipped past validation is still the request's fault, not the
 * server's: a dangling reference (23503), a duplicate (23505), a value PostgreSQL cannot
 * store (class 22: NUL in text, out-of-range number, bad encoding). Other SQL states stay 500.
 */
function databaseRefusal(err: Error): AppError | undefined {
  const e = err as { code?: unknown; severity?: unknown };
  if (typeof e.code !== 'string' || !/^[0-9A-Z]{5}$/.test(e.code) || e.severity === undefined)
    return undefined;
  if (e.code === '23503') return invalid('A referenced item does not exist.', [], 'invalid_reference');
  if (e.code === '23505') return conflict('An item with the same identity already exists.', 'duplicate');
  if (e.code.startsWith('22')) return badRequest('A value cannot be stored as given.', [], 'invalid_value');
  return undefined;
}

export function toAppError(err: FastifyError | Error): AppError {
  if (err instanceof AppError) return err;
  const refused = databaseRefusal(err);
  if (refused) return refused;
  const fe = err as FastifyError;
  const known = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  if (known) return new AppError(kindOfStatus(known.status), known.code, known.message ?? fe.message);
  if (err instanceof SyntaxError)
    return new AppError('bad_request', 'malformed_json', 'The body is not valid JSON.');
  const status = fe.statusCode;
  if (status === 429) return new AppError('rate_limited', 'rate_limited', fe.message);
  if (status && status >= 400 && status < 500) {
    return new AppError(kindOfStatus(status), fe.code?.toLowerCase() ?? 'bad_request', fe.message);
  }
  return new AppError('internal', 'internal', 'Something went wrong on our side.');
}

export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((err, req, reply) => {
    const e = toAppError(err as Error);
    const status = httpStatusOf(e.kind);
    if (status >= 500) req.log.error({ err }, 'request failed');
    // A database refusal means validation missed something: worth a look, not an alert.
    else if (!(err instanceof AppError) && databaseRefusal(err as Error))
      req.log.warn({ err }, 'request refused by the database');
    else req.log.info({ code: e.code, status }, 'request rejected');
    for (const [k, v] of Object.entries(e.headers)) reply.header(k, v);
    return reply.status(status).type('application/json').send(e.toJSON());
  });
  app.setNotFoundHandler((req, reply) => {
    const body: { error: { code: string; message: string; details: ErrorDetail[] } } = {
      error: {
        code: 'not_found',
        message: `No route for ${req.method} ${req.url.split('?')[0]}.`,
        details: [],
      },
    };
    return reply.status(404).send(body);
  });
});
