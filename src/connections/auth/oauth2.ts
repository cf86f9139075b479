import { createHash } from 'node:crypto';
import type { HttpClient } from '../../shared/http/client.ts';
import { OutboundError } from '../../shared/http/errors.ts';
import type { ConnectionDefinition } from '../definition.ts';

type OAuthDefinition = Extract<ConnectionDefinition, { type: 'oauth2_client_credentials' }>;

export interface TokenContext {
  client: HttpClient;
  /** Epoch milliseconds; injectable so expiry can be tested without waiting. */
  now: () => number;
  timeoutMs?: number;
}

interface CachedToken {
  accessToken: string;
  /** When to fetch a new one: shortly before expiry, or never (until a 401) without expires_in. */
  refreshAt: number;
}

const MAX_ENTRIES = 1000;
const MAX_EARLY_REFRESH_MS = 60_000;

/**
 * OAuth 2.0 client-credentials tokens (RFC 6749 §4.4), fetched through the safe HTTP client,
 * shared by every action using the same client, refreshed shortly before `expires_in` runs
 * out, and dropped after a 401 so the next call fetches a fresh one. Concurrent callers
 * share one token request.
 */
export class OAuthTokenCache {
  readonly #entries = new Map<string, CachedToken>();
  readonly #pending = new Map<string, Promise<CachedToken>>();

  async token(definition: OAuthDefinition, clientSecret: string, ctx: TokenContext): Promise<string> {
    const key = cacheKey(definition, clientSecret);
    const cached = this.#entries.get(key);
    if (cached && ctx.now() < cached.refreshAt) return cached.accessToken;
    let pending = this.#pending.get(key);
    if (!pending) {
      pending = fetchToken(definition, clientSecret, ctx).finally(() => this.#pending.delete(key));
      this.#pending.set(key, pending);
    }
    const fresh = await pending;
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, fresh);
    return fresh.accessToken;
  }

  /** Forgets `accessToken` if it is still the cached one (a 401 says it is no longer good). */
  invalidate(definition: OAuthDefinition, clientSecret: string, accessToken: string): void {
    const key = cacheKey(definition, clientSecret);
    if (this.#entries.get(key)?.accessToken === accessToken) this.#entries.delete(key);
  }
}

function cacheKey(d: OAuthDefinition, clientSecret: string): string {
  const parts = [d.tokenUrl, d.clientId, d.scope ?? '', d.audience ?? '', d.clientAuthMethod, clientSecret];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

const formEncode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);

async function fetchToken(d: OAuthDefinition, clientSecret: string, ctx: TokenContext): Promise<CachedToken> {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (d.scope) form.set('scope', d.scope);
  if (d.audience) form.set('audience', d.audience);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (d.clientAuthMethod === 'client_secret_basic') {
    // RFC 6749 §2.3.1: both parts form-encoded before Basic.
    const pair = `${formEncode(d.clientId)}:${formEncode(clientSecret)}`;
    headers['authorization'] = `Basic ${Buffer.from(pair).toString('base64')}`;
  } else {
    form.set('client_id', d.clientId);
    form.set('client_secret', clientSecret);
  }
  const fetchedAt = ctx.now();
  let response: Awaited<ReturnType<HttpClient['request']>>;
  try {
    response = await ctx.client.request({
      method: 'POST',
      url: d.tokenUrl,
      headers,
      body: form.toString(),
      // The body may hold the client secret: never re-send it to wherever a redirect points.
      followRedirects: false,
      ...(ctx.timeoutMs !== undefined ? { timeoutMs: ctx.timeoutMs } : {}),
    });
  } catch (error) {
    if (error instanceof OutboundError) {
      throw new OutboundError(error.errorClass, `OAuth token request failed: ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
  const body = (response.json ?? {}) as Record<string, unknown>;
  if (response.status < 200 || response.status >= 300) {
    const code = typeof body['error'] === 'string' ? ` (${body['error']})` : '';
    throw new OutboundError(
      'auth_failed',
      `The OAuth token endpoint answered HTTP ${response.status}${code}.`,
    );
  }
  const accessToken = body['access_token'];
  if (typeof accessToken !== 'string' || accessToken === '' || /[\r\n\0]/.test(accessToken)) {
    throw new OutboundError('auth_failed', 'The OAuth token response has no usable access_token.');
  }
  const expiresIn = Number(body['expires_in']);
  if (!Number.isFinite(expiresIn) || expiresIn <= 0)
    return { accessToken, refreshAt: Number.POSITIVE_INFINITY };
  const lifetime = expiresIn * 1000;
  return { accessToken, refreshAt: fetchedAt + lifetime - Math.min(MAX_EARLY_REFRESH_MS, lifetime / 10) };
}
