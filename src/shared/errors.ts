import type { z } from 'zod';

/**
 * The one error family of Frontdesk. Every module throws AppError with a `kind` from the
 * catalog below and a specific `code`; no module chooses a transport status. The HTTP edge
 * (src/server/http-status.ts) alone maps a kind to a status and renders
 * `{"error":{"code","message","details"}}`; a worker sees the same error without a status.
 */
export interface ErrorDetail {
  /** Dotted/bracketed path of the offending field, e.g. `inputs[2].type`; '' for the whole input. */
  path: string;
  message: string;
}

/** What went wrong, independent of transport. */
export const ERROR_KINDS = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'too_large',
  'uri_too_long',
  'unsupported_media_type',
  'invalid',
  'rate_limited',
  'upstream_failed',
  'internal',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly details: ErrorDetail[];
  /** Extra response headers, e.g. Retry-After. */
  readonly headers: Record<string, string>;

  constructor(
    kind: ErrorKind,
    code: string,
    message: string,
    details: ErrorDetail[] = [],
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.kind = kind;
    this.code = code;
    this.details = details;
    this.headers = headers;
  }

  toJSON(): { error: { code: string; message: string; details: ErrorDetail[] } } {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

export const badRequest = (message: string, details: ErrorDetail[] = [], code = 'bad_request') =>
  new AppError('bad_request', code, message, details);
export const unauthorized = (message = 'A valid API key is required.') =>
  new AppError('unauthorized', 'unauthorized', message);
export const forbidden = (message: string, code = 'forbidden', details: ErrorDetail[] = []) =>
  new AppError('forbidden', code, message, details);
export const notFound = (what: string) => new AppError('not_found', 'not_found', `${what} was not found.`);
export const conflict = (message: string, code = 'conflict', details: ErrorDetail[] = []) =>
  new AppError('conflict', code, message, details);
export const invalid = (message: string, details: ErrorDetail[] = [], code = 'invalid') =>
  new AppError('invalid', code, message, details);
export const tooLarge = (message: string, details: ErrorDetail[] = [], code = 'payload_too_large') =>
  new AppError('too_large', code, message, details);
export const rateLimited = (message: string, retryAfterSeconds: number) =>
  new AppError('rate_limited', 'rate_limited', message, [], { 'Retry-After': String(retryAfterSeconds) });
/** A service Frontdesk depends on (an LLM, SMTP, a provider) failed. */
export const upstreamFailed = (code: string, message: string, details: ErrorDetail[] = []) =>
  new AppError('upstream_failed', code, message, details);
/** A fault on our side: misconfiguration or a broken invariant. */
export const internal = (code: string, message: string) => new AppError('internal', code, message);

/** Formats a path array (as Zod gives it) as `a.b[0].c`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/**
 * The one mapper from Zod issues to error details: an unknown key is reported at its own
 * path; `prefix` places the issues inside a larger input (e.g. `['secrets']`).
 */
export function zodIssuesToDetails(
  issues: readonly z.core.$ZodIssue[],
  prefix: PropertyKey[] = [],
): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const [n, issue] of issues.entries()) {
    const range = outOfRange(
      issue as Issue,
      issues.filter((o, j) => j !== n && samePath(o.path, issue.path)).length,
    );
    if (range === null) continue;
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        details.push({ path: formatPath([...prefix, ...issue.path, key]), message: 'Unknown field.' });
      }
    } else {
      details.push({ path: formatPath([...prefix, ...issue.path]), message: range ?? issue.message });
    }
  }
  return details;
}

type Issue = { code: string; message: string; origin?: string; received?: unknown; maximum?: unknown };
const samePath = (a: readonly PropertyKey[], b: readonly PropertyKey[]) => formatPath(a) === formatPath(b);

/**
 * A number too long for a double (JSON.parse makes it Infinity) or past 2^53 reads as a type error
 * or a second "too big" in Zod's words; it is said as out of range. Null drops a repeat for a
 * field that has a more precise issue already; undefined keeps Zod's message.
 */
function outOfRange(issue: Issue, others: number): string | null | undefined {
  if (issue.code === 'invalid_type' && (issue.received === 'Infinity' || issue.received === '-Infinity'))
    return 'Out of range: the number is too large.';
  if (issue.code === 'too_big' && issue.origin === 'int' && issue.maximum === Number.MAX_SAFE_INTEGER)
    return others > 0 ? null : `Out of range: integers must be at most ${Number.MAX_SAFE_INTEGER}.`;
  return undefined;
}
