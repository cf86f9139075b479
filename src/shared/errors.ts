/**
 * The one error family of Frontdesk. Every module throws AppError (or a subclass);
 * the HTTP layer turns it into `{"error":{"code","message","details"}}` with its status.
 */
export interface ErrorDetail {
  /** Dotted/bracketed path of the offending field, e.g. `inputs[2].type`; '' for the whole input. */
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];
  /** Extra response headers, e.g. Retry-After. */
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    details: ErrorDetail[] = [],
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.headers = headers;
  }

  toJSON(): { error: { code: string; message: string; details: ErrorDetail[] } } {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

export const badRequest = (message: string, details: ErrorDetail[] = [], code = 'bad_request') =>
  new AppError(400, code, message, details);
export const unauthorized = (message = 'A valid API key is required.') =>
  new AppError(401, 'unauthorized', message);
export const forbidden = (message: string, code = 'forbidden') => new AppError(403, code, message);
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} was not found.`);
export const conflict = (message: string, code = 'conflict', details: ErrorDetail[] = []) =>
  new AppError(409, code, message, details);
export const invalid = (message: string, details: ErrorDetail[] = [], code = 'invalid') =>
  new AppError(422, code, message, details);

/** Formats a path array (as Zod gives it) as `a.b[0].c`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** An upstream service answered wrongly or not at all (e.g. the CRM failed). */
export const badGateway = (message: string, code = 'bad_gateway', details: ErrorDetail[] = []) =>
  new AppError(502, code, message, details);
/** Try again later; `retryAfterSeconds` becomes a Retry-After header. */
export const unavailable = (message: string, code = 'unavailable', retryAfterSeconds?: number) =>
  new AppError(
    503,
    code,
    message,
    [],
    retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) },
  );
