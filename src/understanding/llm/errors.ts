import {
  APICallError,
  EmptyResponseBodyError,
  InvalidResponseDataError,
  JSONParseError,
  NoContentGeneratedError,
  RetryError,
  TypeValidationError,
} from 'ai';
import { AppError, type ErrorDetail } from '../../shared/errors.ts';
import { findOutboundError } from '../../shared/http/errors.ts';

export interface FailureContext {
  apiKey?: string | undefined;
  baseUrl?: string | undefined;
  timeoutMs: number;
}

/**
 * Turns a failed model call into `llm_unavailable` (502): the conversation service can then
 * fall back or hand over instead of failing the turn with a 500. Returns undefined for
 * errors that are not the model's (bugs, invalid arguments), which the caller rethrows.
 *
 * The message is written here rather than taken from the provider, because providers echo
 * the key they were given ("Incorrect API key provided: sk-…"); the provider's own words go
 * to `details` only after redaction, as they are what an admin needs to fix a model id.
 */
export function llmUnavailable(error: unknown, context: FailureContext): AppError | undefined {
  const cause = RetryError.isInstance(error) ? error.lastError : error;
  // Refused by the outbound policy (address, scheme) or failed in the policy client.
  const outbound = findOutboundError(cause);
  if (outbound) {
    if (outbound.errorClass === 'timeout')
      return failure(`the model did not answer within ${duration(context.timeoutMs)}`);
    const host = hostOf(context.baseUrl ?? '');
    if (outbound.errorClass === 'network') return failure(`cannot connect to ${host}`);
    return failure(`calling ${host} was refused (${outbound.errorClass})`, [
      { path: 'model.baseUrl', message: redact(outbound.message, context.apiKey) },
    ]);
  }
  if (isTimeout(cause)) {
    return failure(`the model did not answer within ${duration(context.timeoutMs)}`);
  }
  if (APICallError.isInstance(cause)) {
    const details = cause.message ? [{ path: '', message: redact(cause.message, context.apiKey) }] : [];
    return failure(describeCallFailure(cause, context), details);
  }
  if (isUnreadableAnswer(cause)) {
    return failure(UNREADABLE, [{ path: '', message: redact(cause.message, context.apiKey) }]);
  }
  return undefined;
}

function describeCallFailure(error: APICallError, context: FailureContext): string {
  const status = error.statusCode;
  if (status === undefined) return `cannot connect to ${hostOf(context.baseUrl ?? error.url)}`;
  // A 2xx here means the body was not the provider's JSON (e.g. a proxy's HTML page).
  if (status < 400) return UNREADABLE;
  if (status === 401 || status === 403) return `the provider rejected the API key (HTTP ${status})`;
  if (status === 404) return 'the provider does not know this model or endpoint (HTTP 404)';
  if (status === 408 || status === 429) return `the provider is busy or rate limiting (HTTP ${status})`;
  if (status >= 500) return `the provider failed (HTTP ${status})`;
  return `the provider refused the request (HTTP ${status})`;
}

const UNREADABLE = 'its answer could not be read';

/** The server answered, but not in the provider's format. */
function isUnreadableAnswer(error: unknown): error is Error {
  return (
    InvalidResponseDataError.isInstance(error) ||
    JSONParseError.isInstance(error) ||
    TypeValidationError.isInstance(error) ||
    EmptyResponseBodyError.isInstance(error) ||
    NoContentGeneratedError.isInstance(error)
  );
}

function failure(reason: string, details: ErrorDetail[] = []): AppError {
  return new AppError(
    'upstream_failed',
    'llm_unavailable',
    `The language model is unavailable: ${reason}.`,
    details,
  );
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}

/** Only the host: a base URL may carry credentials in its userinfo or query. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the model server';
  }
}

const KEY_LIKE = /\b(?:sk|pk|key|api)[-_][\w.*-]{6,}|\S*\*{3,}\S*/gi;

function redact(text: string, apiKey: string | undefined): string {
  let out = apiKey && apiKey.length >= 4 ? text.split(apiKey).join('[redacted]') : text;
  out = out.replace(KEY_LIKE, '[redacted]');
  return out.length > 300 ? `${out.slice(0, 299)}…` : out;
}
