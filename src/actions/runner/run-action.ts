import { performance } from 'node:perf_hooks';
import { createAuthorizer } from '../../connections/auth/authorize.ts';
import { createMasker, expandEncodings, maskHeaders } from '../../connections/auth/mask.ts';
import { OAuthTokenCache } from '../../connections/auth/oauth2.ts';
import type { ResolvedConnection } from '../../connections/definition.ts';
import type { ErrorDetail } from '../../shared/errors.ts';
import type { HttpClient, OutboundHop, OutboundRequest, OutboundResponse } from '../../shared/http/client.ts';
import type { DevHosts } from '../../shared/http/dev-hosts.ts';
import {
  OutboundError,
  type OutboundErrorClass,
  type OutboundResponseInfo,
} from '../../shared/http/errors.ts';
import { setHeader } from '../../shared/http/headers.ts';
import type { Resolver } from '../../shared/http/resolve.ts';
import type { ActionDefinition } from '../definition/schema.ts';
import { checkInputs, type InputValues } from '../definition/values.ts';
import { extractOutputs } from './outputs.ts';
import { type RenderedRequest, renderRequest } from './render.ts';
import { sharedHttpClient } from './shared-client.ts';

/** How much of a raw response body a test call shows (B8). */
export const DISPLAY_BODY_CHARS = 64 * 1024;

export interface RunActionOptions {
  /** `FRONTDESK_DEV_HOSTS`; ignored when `client` is given. */
  devHosts?: string | readonly string[] | DevHosts;
  /** DNS resolution for the SSRF checks (tests); ignored when `client` is given. */
  resolve?: Resolver;
  /** The HTTP client to use; by default a shared one for `devHosts`/`resolve`. */
  client?: HttpClient;
  /** At most 10 s (the default). */
  timeoutMs?: number;
  /** Epoch ms, for signature timestamps and token expiry. */
  now?: () => number;
  /** OAuth token cache; by default one for the process. */
  tokens?: OAuthTokenCache;
  /**
   * Put the raw response (capped, secrets masked) in the result: for test calls (B8)
   * only. Live runs leave it out so only mapped outputs go further (B6).
   */
  includeResponseBody?: boolean;
}

export interface RunActionArgs {
  action: ActionDefinition;
  /** The connection named by `action.request.connection`, secrets decrypted. */
  connection?: ResolvedConnection | undefined;
  /** Raw inputs, checked strictly; numbers may be JsonNumbers (see parseJsonPreservingNumbers). */
  inputs: unknown;
  options?: RunActionOptions;
}

export interface ActionRunRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface ActionRunResult {
  ok: boolean;
  /** The typed inputs used (absent when they were invalid). Sensitive ones are not masked here. */
  inputs?: InputValues;
  /** The request as sent, secrets masked; absent when it could not be built. */
  request?: ActionRunRequest;
  status?: number;
  durationMs: number;
  /** Raw response body for display, when asked for. */
  body?: string;
  bodyTruncated?: boolean;
  outputs: Record<string, unknown>;
  error?: { class: OutboundErrorClass; message: string; details?: ErrorDetail[] };
}

const processTokens = new OAuthTokenCache();

/**
 * Runs one action (B3–B8): strict input check, render, authenticate, call through the
 * safe HTTP client, map outputs. Never throws for a failure of the call itself: the result
 * says what happened, with the error class the integration log records.
 */
export async function runAction(args: RunActionArgs): Promise<ActionRunResult> {
  const { action, options = NO_OPTIONS } = args;
  const started = performance.now();

  const checked = checkInputs(action, args.inputs);
  if (!checked.ok) {
    const error = {
      class: 'invalid_input' as const,
      message: 'The inputs are invalid.',
      details: checked.details,
    };
    return { ok: false, durationMs: elapsedSince(started), outputs: {}, error };
  }
  const inputs = checked.values;
  // Values of sensitive inputs are masked like connection secrets wherever they could
  // reappear: the request line and echo, error messages, the raw body, mapped outputs.
  const sensitive = sensitiveValues(action, inputs);

  const wanted = action.request.connection;
  const connection = wanted === undefined ? undefined : args.connection;
  let rendered: RenderedRequest;
  try {
    if (wanted !== undefined && connection?.definition.key !== wanted) {
      throw new OutboundError('auth_failed', `The connection "${wanted}" is not available.`);
    }
    rendered = renderRequest(action.request, inputs);
  } catch (error) {
    if (!(error instanceof OutboundError)) throw error;
    return {
      ok: false,
      inputs,
      durationMs: elapsedSince(started),
      outputs: {},
      error: errorOf(error, createMasker(sensitive)),
    };
  }

  const client = options.client ?? sharedHttpClient(options.devHosts, options.resolve);
  const authorizer = connection
    ? createAuthorizer(connection, rendered.parsedUrl, {
        client,
        now: options.now ?? Date.now,
        tokens: options.tokens ?? processTokens,
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      })
    : undefined;
  const headers = requestHeaders(rendered.headers);

  // Without a connection the hop goes out exactly as rendered: no hook, and the request
  // echo is the rendered request. With one, the echo is the first hop as prepared.
  let sent: OutboundHop | undefined;
  const request: OutboundRequest = { method: rendered.method, url: rendered.parsedUrl, headers };
  if (rendered.body !== undefined) request.body = rendered.body;
  if (options.timeoutMs !== undefined) request.timeoutMs = options.timeoutMs;
  if (authorizer) {
    request.prepare = async (hop) => {
      const prepared = await authorizer.prepare(hop);
      sent ??= prepared;
      return prepared;
    };
  }

  let response: OutboundResponse | undefined;
  let failure: OutboundError | undefined;
  try {
    response = await client.request(request);
    // A 401 may mean the cached OAuth token was revoked early: one retry with a fresh one.
    if (response.status === 401 && authorizer?.invalidate()) {
      sent = undefined;
      response = await client.request(request);
    }
  } catch (error) {
    if (!(error instanceof OutboundError)) throw error;
    failure = error;
  }

  const secrets = authorizer ? [...authorizer.secrets(), ...sensitive] : sensitive;
  const mask = secrets.length > 0 ? createMasker(secrets) : noMask;
  const echo = authorizer
    ? requestEcho(sent, rendered, authorizer.sensitiveHeaders, mask, headers)
    : renderedEcho(rendered, headers, mask);
  const result: ActionRunResult = { ok: false, inputs, request: echo, durationMs: 0, outputs: {} };
  const shown: OutboundResponseInfo | undefined = response ?? failure?.response;
  if (shown) {
    result.status = shown.status;
    if (options.includeResponseBody) {
      result.body = mask(shown.bodyText.slice(0, DISPLAY_BODY_CHARS));
      result.bodyTruncated = shown.bodyText.length > DISPLAY_BODY_CHARS;
    }
  }
  if (failure) result.error = errorOf(failure, mask);
  else if (response && (response.status < 200 || response.status >= 300)) {
    result.error = { class: 'http_status', message: `The API answered HTTP ${response.status}.` };
  } else if (response) {
    result.ok = true;
    const outputs = extractOutputs(action.outputs, response.json);
    result.outputs = mask === noMask ? outputs : maskDeep(outputs, mask);
  }
  result.durationMs = elapsedSince(started);
  return result;
}

const NO_OPTIONS: RunActionOptions = Object.freeze({});
// Masks nothing (and lets maskHeaders skip the call): there are no secrets without a connection.
const noMask = createMasker([]);
// Header names whose whole value is a credential (the same set as without a connection).
const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization', 'cookie']);

function elapsedSince(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}

/**
 * The headers every action sends: JSON in and out, the rendered headers over the defaults
 * (any spelling replaces the default), and Content-Type always application/json.
 */
function requestHeaders(rendered: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': 'Frontdesk' };
  let any = false;
  for (const name in rendered) {
    setHeader(headers, name, rendered[name]!);
    any = true;
  }
  if (any) setHeader(headers, 'Content-Type', 'application/json');
  else headers['Content-Type'] = 'application/json';
  return headers;
}

/**
 * The echo of a request sent without a connection: it holds no secrets, but a credential
 * header a template set by hand is still masked by name.
 */
function renderedEcho(
  rendered: RenderedRequest,
  headers: Record<string, string>,
  mask: (text: string) => string,
): ActionRunRequest {
  const echo: ActionRunRequest = {
    method: rendered.method,
    url: mask(rendered.url),
    headers: maskHeaders(headers, CREDENTIAL_HEADERS, mask),
  };
  if (rendered.body !== undefined) echo.body = mask(rendered.body);
  return echo;
}

// Shorter values would mask unrelated text everywhere (a "1" in every number).
const MIN_MASKED_LENGTH = 3;

/** The values of the action's sensitive inputs, in every spelling they take on the wire. */
function sensitiveValues(action: ActionDefinition, inputs: InputValues): string[] {
  const values: string[] = [];
  for (const input of action.inputs) {
    if (!input.sensitive) continue;
    const value = (inputs as Record<string, unknown>)[input.name];
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null) continue;
      const text = typeof item === 'string' ? item : JSON.stringify(item);
      if (text.length >= MIN_MASKED_LENGTH) values.push(text);
    }
  }
  return values.length > 0 ? expandEncodings(values) : values;
}

/** Masks every string value in a JSON value (mapped outputs). */
function maskDeep(value: unknown, mask: (text: string) => string): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value), (_key, v) => (typeof v === 'string' ? mask(v) : v));
}

function requestEcho(
  sent: OutboundHop | undefined,
  rendered: RenderedRequest,
  sensitive: ReadonlySet<string>,
  mask: (text: string) => string,
  baseHeaders: Record<string, string>,
): ActionRunRequest {
  const method = sent?.method ?? rendered.method;
  const url = sent?.url.href ?? rendered.url;
  const body = sent ? sent.body : rendered.body;
  const echo: ActionRunRequest = {
    method,
    url: mask(url),
    headers: maskHeaders(sent?.headers ?? baseHeaders, sensitive, mask),
  };
  if (body !== undefined) echo.body = mask(body);
  return echo;
}

function errorOf(
  error: OutboundError,
  mask: (text: string) => string,
): NonNullable<ActionRunResult['error']> {
  const out: NonNullable<ActionRunResult['error']> = {
    class: error.errorClass,
    message: mask(error.message),
  };
  if (error.details.length > 0)
    out.details = error.details.map((d) => ({ path: d.path, message: mask(d.message) }));
  return out;
}
