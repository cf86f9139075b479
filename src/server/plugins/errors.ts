import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, type ErrorDetail } from '../../shared/errors.ts';
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
};

export function toAppError(err: FastifyError | Error): AppError {
  if (err instanceof AppError) return err;
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
