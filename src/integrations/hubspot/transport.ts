import { setTimeout as sleepFor } from 'node:timers/promises';
import {
  type RequestContext,
  ResponseContext,
} from '@hubspot/api-client/lib/codegen/crm/objects/http/http.js';
import type { HttpClient } from '../../shared/http/client.ts';
import { OutboundError } from '../../shared/http/errors.ts';
import { type Pacing, retryAfterMs } from './pacer.ts';

/**
 * The SDK's HTTP layer, replaced: every request the official `@hubspot/api-client` makes
 * goes through Frontdesk's one outbound client (address policy, deadline, size cap) and
 * through HubSpot's limits in one place — per-account pacing (search 5/s, the app's burst
 * limit), and 429/5xx retried after Retry-After.
 */
export interface TransportOptions {
  http: HttpClient;
  /** Shared by every process in the server (DatabasePacing). */
  pacing: Pacing;
  /** Whose pacing budget the calls use (the HubSpot account, or the Frontdesk account before one is known). */
  account: string;
  /** Attempts per call, the first included (default 3). */
  maxAttempts?: number;
  /** The longest a call waits for a Retry-After before handing the 429 back (default 15 s). */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface TransportStats {
  requests: number;
  retries: number;
}

const SEARCH = /\/crm\/v3\/objects\/[^/]+\/search$/;
// A POST that changes nothing, or cannot have half-happened, is safe to send again after a 5xx.
const SAFE_POST = /\/(search|batch\/read)$|\/oauth\/v3\/token$/;

/** The PromiseHttpLibrary the SDK's generated code calls, as an observable-like `send`. */
export class HubSpotTransport {
  readonly stats: TransportStats = { requests: 0, retries: 0 };
  readonly #o: Required<Omit<TransportOptions, 'sleep' | 'now'>> & Pick<TransportOptions, 'sleep' | 'now'>;

  constructor(options: TransportOptions) {
    this.#o = { maxAttempts: 3, maxWaitMs: 15_000, ...options };
  }

  /** The SDK's HttpLibrary contract: `send(ctx)` returns something with `toPromise()`. */
  send(ctx: RequestContext): { toPromise(): Promise<ResponseContext> } {
    const promise = this.request(ctx);
    return { toPromise: () => promise };
  }

  async request(ctx: RequestContext): Promise<ResponseContext> {
    const now = this.#o.now ?? Date.now;
    const sleep = this.#o.sleep ?? ((ms: number) => sleepFor(ms));
    const url = new URL(ctx.getUrl());
    // SDK 13.5 only knows the legacy token path; HubSpot deprecates it on 2027-02-16. The
    // SDK already sends every field in the form body, which is exactly the v3 contract.
    if (url.pathname === '/oauth/v1/token') url.pathname = '/oauth/v3/token';
    const method = ctx.getHttpMethod().toString();
    const body = serialise(ctx.getBody());
    const isSearch = method === 'POST' && SEARCH.test(url.pathname);
    const retry5xx = method !== 'POST' || SAFE_POST.test(url.pathname);
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      const { waitMs } = await this.#o.pacing.reserve(
        this.#o.account,
        isSearch ? ['burst', 'search'] : ['burst'],
      );
      if (waitMs > 0) await sleep(waitMs);
      this.stats.requests++;
      const res = await this.#o.http.request({
        method,
        url,
        headers: ctx.getHeaders(),
        ...(body !== undefined && { body }),
      });
      const retryable = res.status === 429 || (res.status >= 500 && retry5xx);
      if (retryable && attempt < this.#o.maxAttempts) {
        const after = retryAfterMs(res.headers['retry-after'], now());
        const delay = after ?? 250 * 2 ** (attempt - 1);
        // Every process holds back, not just this call.
        if (res.status === 429 && after !== undefined)
          await this.#o.pacing.hold(this.#o.account, isSearch ? 'search' : 'burst', after);
        if (waited + delay <= this.#o.maxWaitMs) {
          waited += delay;
          this.stats.retries++;
          await sleep(delay);
          continue;
        }
      }
      return new ResponseContext(res.status, res.headers, {
        text: async () => res.bodyText,
        binary: async () => Buffer.from(res.bodyText),
      });
    }
  }
}

function serialise(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  // Multipart uploads (files) are not something Frontdesk sends to HubSpot.
  throw new OutboundError('invalid_input', 'Only JSON and form bodies are sent to HubSpot.');
}
