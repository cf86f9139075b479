import { AppError, type ErrorDetail, type ErrorKind } from '../errors.ts';

/**
 * Why an outbound call failed. The integration log, the test-call screen and the agent's
 * handoff reasons all key on these names, so they are part of the public contract.
 */
export const OUTBOUND_ERROR_CLASSES = [
  'timeout',
  'too_large',
  'not_json',
  'blocked_address',
  'invalid_url',
  'http_status',
  'network',
  'host_not_allowed',
  'auth_failed',
  'invalid_input',
] as const;

export type OutboundErrorClass = (typeof OUTBOUND_ERROR_CLASSES)[number];

// Configuration problems are the caller's fault (422); upstream failures are a bad gateway.
const KIND: Record<OutboundErrorClass, ErrorKind> = {
  timeout: 'upstream_failed',
  too_large: 'upstream_failed',
  not_json: 'upstream_failed',
  blocked_address: 'invalid',
  invalid_url: 'invalid',
  http_status: 'upstream_failed',
  network: 'upstream_failed',
  host_not_allowed: 'invalid',
  auth_failed: 'upstream_failed',
  invalid_input: 'invalid',
};

/** What was received before the failure, for display (never parsed further). */
export interface OutboundResponseInfo {
  status: number;
  headers: Record<string, string>;
  bodyText: string;
}

export interface OutboundErrorOptions {
  details?: ErrorDetail[];
  response?: OutboundResponseInfo;
  cause?: unknown;
}

export class OutboundError extends AppError {
  readonly errorClass: OutboundErrorClass;
  readonly response: OutboundResponseInfo | undefined;

  constructor(errorClass: OutboundErrorClass, message: string, options: OutboundErrorOptions = {}) {
    super(KIND[errorClass], errorClass, message, options.details ?? []);
    this.name = 'OutboundError';
    this.errorClass = errorClass;
    this.response = options.response;
    if (options.cause !== undefined) this.cause = options.cause;
  }
}

/** Finds an OutboundError anywhere in a cause chain (undici wraps errors raised in `lookup`). */
export function findOutboundError(error: unknown): OutboundError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    if (current instanceof OutboundError) return current;
    current = current.cause;
  }
  return undefined;
}
