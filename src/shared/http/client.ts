import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { ConnectionOptions } from 'node:tls';
import { Agent, type Dispatcher, request, errors as undiciErrors } from 'undici';
import { type DevHosts, parseDevHosts } from './dev-hosts.ts';
import { findOutboundError, OutboundError, type OutboundResponseInfo } from './errors.ts';
import { createPinnedLookup } from './pinned-lookup.ts';
import { readCapped } from './read-body.ts';
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

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
// Headers that carry credentials of their own; never forwarded to another origin.
const ORIGIN_BOUND_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);
const decoder = new TextDecoder();

/**
 * The project's one outbound HTTP client (B5, contracts §8). https only except for dev
 * hosts; every address checked (literal IPs up front, resolved names at connect time with
 * the checked address pinned); redirects followed by hand and re-checked; one deadline for
 * the whole exchange; the response capped while streaming; 2xx bodies must be JSON.
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const devHosts = parseDevHosts(options.devHosts);
  const tls = options.tls ?? {};
  const strict = new Agent({
    connect: { ...tls, lookup: createPinnedLookup(options.resolve ?? systemResolver) },
  });
  // Dev hosts are trusted as the operating system resolves them.
  const dev = new Agent({ connect: { ...tls } });

  async function send(req: OutboundRequest): Promise<OutboundResponse> {
    const timeoutMs = capped(req.timeoutMs, MAX_TIMEOUT_MS);
    const limit = capped(req.maxResponseBytes, MAX_RESPONSE_BYTES);
    const controller = new AbortController();
    const first = checkOutboundUrl(req.url, devHosts);
    let hop: OutboundHop = {
      method: req.method.toUpperCase(),
      url: first.url,
      headers: { ...req.headers },
      body: req.body,
    };
    let isDev = first.dev;
    let redirects = 0;
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      for (;;) {
        const sent = req.prepare ? await req.prepare({ ...hop, headers: { ...hop.headers } }) : hop;
        if (sent.url.origin !== hop.url.origin) {
          throw new OutboundError('invalid_url', 'A request may not change its origin while being prepared.');
        }
        const response = await request(sent.url, {
          method: sent.method as Dispatcher.HttpMethod,
          headers: sent.headers,
          body: sent.body,
          dispatcher: isDev ? dev : strict,
          signal: controller.signal,
        });
        const headers = flattenHeaders(response.headers);
        const location = headers['location'];
        if (REDIRECTS.has(response.statusCode) && location !== undefined && req.followRedirects !== false) {
          await response.body.dump({ limit: 64 * 1024 });
          if (redirects >= MAX_REDIRECTS) {
            throw new OutboundError('http_status', `Too many redirects (more than ${MAX_REDIRECTS}).`, {
              response: { status: response.statusCode, headers, bodyText: '' },
            });
          }
          redirects++;
          let target: URL;
          try {
            target = new URL(location, sent.url);
          } catch {
            throw new OutboundError('invalid_url', 'The redirect location is not a valid URL.');
          }
          const checked = checkOutboundUrl(target, devHosts);
          hop = nextHop(hop, checked.url, response.statusCode);
          isDev = checked.dev;
          continue;
        }
        return await finish(response, headers, sent.url, redirects, limit);
      }
    } catch (error) {
      throw classify(error, controller.signal, timeoutMs, hop.url);
    } finally {
      clearTimeout(timer);
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

async function finish(
  response: Dispatcher.ResponseData,
  headers: Record<string, string>,
  url: URL,
  redirects: number,
  limit: number,
): Promise<OutboundResponse> {
  const status = response.statusCode;
  const ok = status >= 200 && status < 300;
  const declared = headers['content-length'] === undefined ? undefined : Number(headers['content-length']);
  const read = await readCapped(
    response.body as unknown as Readable,
    limit,
    ok ? 'throw' : 'truncate',
    declared,
  );
  const bodyText = decoder.decode(read.bytes);
  const info: OutboundResponseInfo = { status, headers, bodyText };
  if (!ok) return { status, headers, url: url.href, bodyText, json: tryParse(bodyText), redirects };
  if (status === 204 || status === 205)
    return { status, headers, url: url.href, bodyText, json: null, redirects };
  if (!isJsonContentType(headers['content-type'])) {
    const type = headers['content-type'] ?? 'none';
    throw new OutboundError('not_json', `The response content type is ${type}, not application/json.`, {
      response: info,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    throw new OutboundError('not_json', 'The response body is not valid JSON.', { response: info });
  }
  return { status, headers, url: url.href, bodyText, json, redirects };
}

/**
 * `application/json`, with parameters such as charset. Like Zendesk, other JSON-ish types
 * (`application/vnd.api+json`, `application/problem+json`) are refused: an API that sends
 * them is usually not answering the call the action was built for.
 */
export function isJsonContentType(value: string | undefined): boolean {
  if (value === undefined) return false;
  return (value.split(';')[0] ?? '').trim().toLowerCase() === 'application/json';
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function flattenHeaders(raw: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function classify(error: unknown, signal: AbortSignal, timeoutMs: number, url: URL): OutboundError {
  const known = findOutboundError(error);
  if (known) return known;
  if (signal.aborted) return new OutboundError('timeout', `No complete response within ${timeoutMs} ms.`);
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
