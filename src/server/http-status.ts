import type { ErrorKind } from '../shared/errors.ts';

/** The only place an error kind becomes an HTTP status. */
const STATUS: Record<ErrorKind, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  invalid: 422,
  rate_limited: 429,
  upstream_failed: 502,
  internal: 500,
};

export const httpStatusOf = (kind: ErrorKind): number => STATUS[kind];

/** The reverse, for errors raised by Fastify or its plugins with only a status. */
export function kindOfStatus(status: number): ErrorKind {
  const found = (Object.entries(STATUS) as [ErrorKind, number][]).find(([, s]) => s === status);
  if (found) return found[0];
  return status >= 500 ? 'internal' : 'bad_request';
}
