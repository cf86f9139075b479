import type { IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { ConnectionOptions } from 'node:tls';
import { Agent, type Dispatcher, errors as undiciErrors } from 'undici';
import { type DevHosts, parseDevHosts } from './dev-hosts.ts';
import { findOutboundError, OutboundError } from './errors.ts';
import { createPinnedLookup } from './pinned-lookup.ts';
import { type Resolver, systemResolver } from './resolve.ts';
import { checkOutboundUrl } from './url-policy.ts';

export const MAX_TIMEOUT_MS = 10_000;
export const MAX_RESPONSE_BYTES = 2 * 1024 * 1024;
export const MAX_REDIRECTS = 3;

export interface HttpClientOptions {
  /** `FRONTDESK_DEV_HOSTS`: hosts allowed over plain http and on private addresses. */
  devHosts?: string | readonly string[] | DevHosts;
  /** DNS resolution; tests inject answers here. */
  resolve?: Resolver;
  /** Extra TLS settings for the connector, e.g. a private CA. */
  tls?: Pick<ConnectionOptions, 'ca' | 'rejectUnauthorized'>;
  /**
   * Raised ceilings for a client whose callers need them (language models answer slowly
   * and at length); the address policy is the same for every client. Defaults are
   * MAX_TIMEOUT_MS and MAX_RESPONSE_BYTES, the limits of actions (B5).
   */
  ceilings?: { timeoutMs?: number; responseBytes?: number };
}

/** One request on the wire: the first one, or a redirect hop. */
export interface OutboundHop {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string | undefined;
}

export interface OutboundRequest {
  method: string;
  url: string | URL;
  headers?: Record<string, string>;
  body?: string;
  /** At most MAX_TIMEOUT_MS (the default) for the whole exchange, redirects and body included. */
  timeoutMs?: number;
  /** At most MAX_RESPONSE_BYTES (the default). */
  maxResponseBytes?: number;
  /** Follow up to MAX_REDIRECTS redirects (default true); each target is checked afresh. */
  followRedirects?: boolean;
  /** Aborts the exchange; the promise then rejects with the signal's reason, as fetch does. */
  signal?: AbortSignal;
  /**
   * `json` (the default): a 2xx body must be JSON. `text`: any 2xx body is returned as text
   * (`json` is null), for pages, sitemaps and robots.txt. The address policy is the same.
   */
  responseType?: 'json' | 'text';
  /**
   * Runs on every hop after its URL passed the address policy and before it is sent:
   * the place to add credentials, sign, or refuse the host by throwing.
   */
  prepare?: (hop: OutboundHop) => OutboundHop | Promise<OutboundHop>;
}

export interface OutboundResponse {
  status: number;
  headers: Record<string, string>;
  /** The URL that answered (after redirects). */
  url: string;
  bodyText: string;
  /** The parsed body: checked JSON for a 2xx (null for 204/205), best effort otherwise. */
  json: unknown;
  redirects: number;
}

export interface HttpClient {
  readonly devHosts: DevHosts;
  request(req: OutboundRequest): Promise<OutboundResponse>;
  close(): Promise<void>;
}

/**
 * The undici Agent settings of the client's connection pools: undici's keep-alive defaults,
 * and its header/body idle timeouts lowered to the exchange ceiling, as a backstop behind
 * the per-exchange deadline. Exported so the benchmark can give its bare client the same.
 */
export const AGENT_OPTIONS = Object.freeze({ headersTimeout: MAX_TIMEOUT_MS, bodyTimeout: MAX_TIMEOUT_MS });

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
// Headers that carry credentials of their own; never forwarded to another origin.
const ORIGIN_BOUND_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);
// A redirect's own body is read and dropped up to this size; past it the connection is closed.
const REDIRECT_BODY_LIMIT = 64 * 1024;
const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>;
const decoder = new TextDecoder();

/**
 * The project's one outbound HTTP client (B5, contracts §8). https only except for dev
 * hosts; every address checked (literal IPs up front, resolved names at connect time with
 * the checked address pinned); redirects followed by hand and re-checked; one deadline for
 * the whole exchange; the response capped while streaming; 2xx bodies must be JSON.
 *
 * Each hop goes straight to undici's `dispatch` with a small handler that collects the body
 * chunks as they arrive (no body stream, no AbortController): the size cap and the deadline
 * abort the request through undici's own controller, which closes the socket.
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const devHosts = parseDevHosts(options.devHosts);
  const tls = options.tls ?? {};
  const maxTimeoutMs = Math.max(options.ceilings?.timeoutMs ?? MAX_TIMEOUT_MS, 1);
  const maxResponseBytes = Math.max(options.ceilings?.responseBytes ?? MAX_RESPONSE_BYTES, 1);
  const agentOptions =
    maxTimeoutMs === MAX_TIMEOUT_MS
      ? AGENT_OPTIONS
      : { headersTimeout: maxTimeoutMs, bodyTimeout: maxTimeoutMs };
  // One Agent per policy, created once: undici keeps a pool of kept-alive connections per
  // origin inside it.
  const strict = new Agent({
    ...agentOptions,
    connect: { ...tls, lookup: createPinnedLookup(options.resolve ?? systemResolver) },
  });
  // Dev hosts are trusted as the operating system resolves them.
  const dev = new Agent({ ...agentOptions, connect: { ...tls } });

  async function send(req: OutboundRequest): Promise<OutboundResponse> {
    const timeoutMs = capped(req.timeoutMs, maxTimeoutMs);
    const limit = capped(req.maxResponseBytes, maxResponseBytes);
    const signal = req.signal;
    if (signal?.aborted) throw signal.reason;
    const first = checkOutboundUrl(req.url, devHosts);
    const follow = req.followRedirects !== false;
    // Nothing on the wire changes the caller's headers (undici serialises them when the hop
    // is dispatched, and a redirect builds a new set), so no defensive copy is needed.
    let hop: OutboundHop = {
      method: req.method.toUpperCase(),
      url: first.url,
      headers: req.headers ?? NO_HEADERS,
      body: req.body,
    };
    let isDev = first.dev;
    let redirects = 0;
    const deadline = new Deadline(timeoutMs);
    const onAbort = () => deadline.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        let sent = hop;
        if (req.prepare) {
          sent = await req.prepare({ ...hop, headers: { ...hop.headers } });
          if (sent.url.origin !== hop.url.origin) {
            throw new OutboundError(
              'invalid_url',
              'A request may not change its origin while being prepared.',
            );
          }
        }
        const response = await deadline.dispatch(isDev ? dev : strict, sent, limit, follow);
        if (response.redirect !== undefined) {
          if (redirects >= MAX_REDIRECTS) {
            throw new OutboundError('http_status', `Too many redirects (more than ${MAX_REDIRECTS}).`, {
              response: { status: response.status, headers: response.headers, bodyText: '' },
            });
          }
          redirects++;
          let target: URL;
          try {
            target = new URL(response.redirect, sent.url);
          } catch {
            throw new OutboundError('invalid_url', 'The redirect location is not a valid URL.');
          }
          const checked = checkOutboundUrl(target, devHosts);
          hop = nextHop(hop, checked.url, response.status);
          isDev = checked.dev;
          continue;
        }
        return finish(response, sent.url, redirects, req.responseType ?? 'json');
      }
    } catch (error) {
      if (deadline.aborted) throw signal?.reason ?? error;
      throw classify(error, deadline.expired, timeoutMs, hop.url);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      deadline.clear();
    }
  }

  return {
    devHosts,
    request: send,
    close: async () => {
      await Promise.all([strict.close(), dev.close()]);
    },
  };
}

/** What one hop received, the body already read (and capped). */
interface RawResponse {
  status: number;
  headers: Record<string, string>;
  /** The Location of a redirect to follow; its body was dropped. */
  redirect: string | undefined;
  chunks: Buffer[];
  size: number;
}

/**
 * One deadline for a whole exchange (every hop, body included). When it passes, the hop in
 * flight fails at once and is aborted in undici, which closes its connection.
 *
 * Deadlines are watched by one shared timer ticking every DEADLINE_TICK_MS while any is
 * pending (it stops on the first idle tick), not by a timer per call: arming and clearing a
 * Node timer costs about a microsecond a call, a sizeable share of the client's own work on
 * a fast API. A deadline therefore fires at most one tick late.
 */
class Deadline {
  expired = false;
  aborted = false;
  readonly at: number;
  #current: HopHandler | undefined;

  constructor(timeoutMs: number) {
    this.at = performance.now() + timeoutMs;
    pendingDeadlines.add(this);
    sweeper ??= setInterval(sweepDeadlines, DEADLINE_TICK_MS).unref();
  }

  dispatch(agent: Dispatcher, hop: OutboundHop, limit: number, follow: boolean): Promise<RawResponse> {
    // A hop must not start once the time is up (e.g. after a slow `prepare`).
    if (this.expired) return Promise.reject(new DeadlineExpired());
    if (this.aborted) return Promise.reject(new Error('The request was aborted.'));
    return new Promise<RawResponse>((resolve, reject) => {
      const handler = new HopHandler(resolve, reject, limit, follow);
      this.#current = handler;
      const url = hop.url;
      agent.dispatch(
        {
          origin: url.origin,
          path: url.search === '' ? url.pathname : url.pathname + url.search,
          method: hop.method as Dispatcher.HttpMethod,
          headers: hop.headers,
          body: hop.body ?? null,
        },
        handler,
      );
    });
  }

  clear(): void {
    pendingDeadlines.delete(this);
    this.#current = undefined;
  }

  /** The caller's signal fired: the hop in flight fails now. */
  abort(reason: unknown): void {
    pendingDeadlines.delete(this);
    this.aborted = true;
    this.#current?.fail(reason instanceof Error ? reason : new Error('The request was aborted.'));
  }

  expire(): void {
    pendingDeadlines.delete(this);
    this.expired = true;
    this.#current?.fail(new DeadlineExpired());
  }
}

const DEADLINE_TICK_MS = 25;
const pendingDeadlines = new Set<Deadline>();
let sweeper: ReturnType<typeof setInterval> | undefined;

function sweepDeadlines(): void {
  if (pendingDeadlines.size === 0) {
    clearInterval(sweeper);
    sweeper = undefined;
    return;
  }
  const now = performance.now();
  // Deleting the current entry while iterating a Set is safe.
  for (const deadline of pendingDeadlines) if (deadline.at <= now) deadline.expire();
}

/** Marks the deadline's abort; `classify` turns it into a `timeout`. */
class DeadlineExpired extends Error {}

/**
 * undici dispatch handler for one hop. Keeps the body chunks undici hands over (each is
 * its own slice of a socket read, so no copy is made) and settles once, at the end of the
 * body or at the first failure; anything undici reports after that is ignored.
 * Body policy, decided on the status: a redirect to follow is drained up to 64 KiB and
 * dropped; a 2xx past `limit` fails with `too_large` (at once when the declared length says
 * so); any other status keeps its first `limit` bytes for display.
 */
class HopHandler implements Dispatcher.DispatchHandler {
  #resolve: (value: RawResponse) => void;
  #reject: (error: unknown) => void;
  #limit: number;
  #follow: boolean;
  #controller: Dispatcher.DispatchController | undefined;
  #abortOnStart: Error | undefined;
  #done = false;
  #keep = true;
  #truncate = false;
  #response: RawResponse | undefined;

  constructor(
    resolve: (value: RawResponse) => void,
    reject: (error: unknown) => void,
    limit: number,
    follow: boolean,
  ) {
    this.#resolve = resolve;
    this.#reject = reject;
    this.#limit = limit;
    this.#follow = follow;
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#abortOnStart) controller.abort(this.#abortOnStart);
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    status: number,
    rawHeaders: IncomingHttpHeaders,
  ): void {
    if (this.#done || status < 200) return;
    const headers = flattenHeaders(rawHeaders);
    const location = headers['location'];
    const redirect = this.#follow && location !== undefined && REDIRECTS.has(status) ? location : undefined;
    this.#response = { status, headers, redirect, chunks: [], size: 0 };
    if (redirect !== undefined) {
      this.#keep = false;
      this.#limit = REDIRECT_BODY_LIMIT;
    } else if (status >= 200 && status < 300) {
      const declared = headers['content-length'];
      if (declared !== undefined && Number(declared) > this.#limit) this.fail(tooLarge(this.#limit));
    } else {
      this.#truncate = true;
    }
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    const response = this.#response;
    if (this.#done || !response) return;
    const size = response.size + chunk.length;
    if (size > this.#limit) {
      if (!this.#keep) this.#succeed(response);
      else if (this.#truncate) {
        response.chunks.push(chunk.subarray(0, this.#limit - response.size));
        response.size = this.#limit;
        this.#succeed(response);
      } else {
        this.fail(tooLarge(this.#limit));
        return;
      }
      // Past the limit nothing more is read: closing the connection stops the sender.
      this.#controller?.abort(new Error('The response body was cut off at its size limit.'));
      return;
    }
    if (this.#keep) response.chunks.push(chunk);
    response.size = size;
  }

  onResponseEnd(): void {
    if (this.#done) return;
    if (this.#response) this.#succeed(this.#response);
    else this.fail(new Error('The response ended without a status.'));
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.#done) return;
    this.#done = true;
    this.#reject(error);
  }

  /** Settles with `error` and aborts the request (closing its connection), now or once it starts. */
  fail(error: Error): void {
    if (this.#done) return;
    this.#done = true;
    this.#reject(error);
    if (this.#controller) this.#controller.abort(error);
    else this.#abortOnStart = error;
  }

  #succeed(response: RawResponse): void {
    this.#done = true;
    this.#resolve(response);
  }
}

/** A caller may ask for less than the ceiling, never more; nonsense means the ceiling. */
function capped(requested: number | undefined, ceiling: number): number {
  return requested !== undefined && Number.isFinite(requested) && requested > 0
    ? Math.min(requested, ceiling)
    : ceiling;
}

function nextHop(previous: OutboundHop, url: URL, status: number): OutboundHop {
  // As fetch does: 303, and 301/302 after a POST, continue as a body-less GET.
  const toGet = status === 303 ? previous.method !== 'HEAD' : status <= 302 && previous.method === 'POST';
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(previous.headers)) {
    if (url.origin !== previous.url.origin && ORIGIN_BOUND_HEADERS.has(name.toLowerCase())) continue;
    headers[name] = value;
  }
  return toGet
    ? { method: 'GET', url, headers, body: undefined }
    : { method: previous.method, url, headers, body: previous.body };
}

function finish(
  response: RawResponse,
  url: URL,
  redirects: number,
  responseType: 'json' | 'text',
): OutboundResponse {
  const { status, headers } = response;
  const bodyText = decode(response);
  if (status < 200 || status >= 300)
    return { status, headers, url: url.href, bodyText, json: tryParse(bodyText), redirects };
  if (status === 204 || status === 205 || responseType === 'text')
    return { status, headers, url: url.href, bodyText, json: null, redirects };
  if (!isJsonContentType(headers['content-type'])) {
    const type = headers['content-type'] ?? 'none';
    throw new OutboundError('not_json', `The response content type is ${type}, not application/json.`, {
      response: { status, headers, bodyText },
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    throw new OutboundError('not_json', 'The response body is not valid JSON.', {
      response: { status, headers, bodyText },
    });
  }
  return { status, headers, url: url.href, bodyText, json, redirects };
}

/** UTF-8, a leading BOM dropped; one chunk (the usual case) is decoded where it lies. */
function decode(response: RawResponse): string {
  const { chunks, size } = response;
  if (size === 0) return '';
  return decoder.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
}

/**
 * `application/json`, with parameters such as charset. Like Zendesk, other JSON-ish types
 * (`application/vnd.api+json`, `application/problem+json`) are refused: an API that sends
 * them is usually not answering the call the action was built for.
 */
export function isJsonContentType(value: string | undefined): boolean {
  if (value === undefined) return false;
  if (value === 'application/json') return true;
  const semicolon = value.indexOf(';');
  const type = semicolon < 0 ? value : value.slice(0, semicolon);
  return type.trim().toLowerCase() === 'application/json';
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * undici's parsed headers (names already lower-cased) as single strings: repeated headers
 * are joined with `, `. Without repeats (the usual case) undici's own object is kept.
 */
function flattenHeaders(raw: IncomingHttpHeaders): Record<string, string> {
  for (const name in raw) {
    if (typeof raw[name] !== 'string') return joinRepeated(raw);
  }
  return raw as Record<string, string>;
}

function joinRepeated(raw: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function tooLarge(limit: number): OutboundError {
  return new OutboundError('too_large', `The response is larger than ${limit} bytes.`);
}

function classify(error: unknown, expired: boolean, timeoutMs: number, url: URL): OutboundError {
  const known = findOutboundError(error);
  if (known) return known;
  if (expired || error instanceof DeadlineExpired)
    return new OutboundError('timeout', `No complete response within ${timeoutMs} ms.`);
  if (
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    error instanceof undiciErrors.ConnectTimeoutError
  ) {
    return new OutboundError('timeout', `No complete response within ${timeoutMs} ms.`, { cause: error });
  }
  if (error instanceof undiciErrors.InvalidArgumentError) {
    return new OutboundError('invalid_input', `The request is malformed: ${error.message}`, { cause: error });
  }
  const code = (error as { code?: unknown }).code;
  const reason = typeof code === 'string' ? code : error instanceof Error ? error.message : 'unknown error';
  return new OutboundError('network', `Could not complete the request to ${url.host}: ${reason}.`, {
    cause: error,
  });
}
