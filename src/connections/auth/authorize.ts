import type { HttpClient, OutboundHop } from '../../shared/http/client.ts';
import { OutboundError } from '../../shared/http/errors.ts';
import { setHeader } from '../../shared/http/headers.ts';
import type { ConnectionDefinition, ResolvedConnection } from '../definition.ts';
import { hostAllowed } from './allowed-hosts.ts';
import {
  hubspotSignatureUri,
  SIGNATURE_HEADER,
  signHubspotV3,
  TIMESTAMP_HEADER,
} from './hubspot-signature.ts';
import { secretValues } from './mask.ts';
import type { OAuthTokenCache } from './oauth2.ts';

export interface AuthorizeContext {
  client: HttpClient;
  now: () => number;
  tokens: OAuthTokenCache;
  timeoutMs?: number;
}

export interface Authorizer {
  /** The HttpClient `prepare` hook: adds credentials to a hop, or refuses its host. */
  prepare(hop: OutboundHop): Promise<OutboundHop>;
  /** Lower-case names of headers whose whole value is a credential. */
  readonly sensitiveHeaders: ReadonlySet<string>;
  /** Every secret value in play so far, fetched access tokens included, for masking. */
  secrets(): string[];
  /** After a 401: forget the fetched token. True when a retry can help (OAuth only). */
  invalidate(): boolean;
}

/**
 * Applies a connection to outgoing requests. Credentials go only to the connection's
 * allowed hosts (any other host fails with `host_not_allowed`), or, without a list, only to
 * the origin the action called: a redirect elsewhere continues without them.
 */
export function createAuthorizer(
  connection: ResolvedConnection | undefined,
  firstUrl: URL,
  ctx: AuthorizeContext,
): Authorizer {
  if (!connection) return noConnection;
  const tokens: string[] = [];
  const definition = connection?.definition;
  const sensitiveHeaders = new Set(['authorization', 'proxy-authorization', 'cookie']);
  if (definition?.type === 'api_key' && definition.in === 'header') {
    sensitiveHeaders.add(definition.parameterName.toLowerCase());
  }
  if (definition?.type === 'hubspot_signature_v3') sensitiveHeaders.add(SIGNATURE_HEADER.toLowerCase());

  return {
    sensitiveHeaders,
    secrets: () => [...secretValues(connection), ...tokens],
    invalidate: () => {
      const token = tokens.at(-1);
      if (definition?.type !== 'oauth2_client_credentials' || token === undefined) return false;
      ctx.tokens.invalidate(definition, secret(connection!, 'clientSecret'), token);
      return true;
    },
    async prepare(hop) {
      if (!connection || !definition) return hop;
      if (!inScope(definition, firstUrl, hop.url)) return hop;
      const headers = { ...hop.headers };
      const url = new URL(hop.url);
      switch (definition.type) {
        case 'none':
          break;
        case 'api_key': {
          const key = secret(connection, 'apiKey');
          if (definition.in === 'header') setHeader(headers, definition.parameterName, key);
          else url.searchParams.set(definition.parameterName, key);
          break;
        }
        case 'bearer':
          setHeader(headers, 'Authorization', `Bearer ${secret(connection, 'token')}`);
          break;
        case 'basic': {
          const pair = `${definition.username}:${secret(connection, 'password')}`;
          setHeader(headers, 'Authorization', `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`);
          break;
        }
        case 'oauth2_client_credentials': {
          const token = await ctx.tokens.token(definition, secret(connection, 'clientSecret'), {
            client: ctx.client,
            now: ctx.now,
            ...(ctx.timeoutMs !== undefined ? { timeoutMs: ctx.timeoutMs } : {}),
          });
          tokens.push(token);
          setHeader(headers, 'Authorization', `Bearer ${token}`);
          break;
        }
        case 'hubspot_signature_v3': {
          const timestamp = String(ctx.now());
          const signature = signHubspotV3({
            clientSecret: secret(connection, 'clientSecret'),
            method: hop.method,
            uri: hubspotSignatureUri(url),
            body: hop.body ?? '',
            timestamp,
          });
          setHeader(headers, SIGNATURE_HEADER, signature);
          setHeader(headers, TIMESTAMP_HEADER, timestamp);
          break;
        }
      }
      return { ...hop, url, headers };
    },
  };
}

const noConnection: Authorizer = {
  sensitiveHeaders: new Set(['authorization', 'proxy-authorization', 'cookie']),
  secrets: () => [],
  invalidate: () => false,
  prepare: async (hop) => hop,
};

function inScope(definition: ConnectionDefinition, firstUrl: URL, url: URL): boolean {
  if (definition.allowedHosts) {
    if (hostAllowed(definition.allowedHosts, url.hostname)) return true;
    if (definition.allowedHosts.length === 0) {
      throw new OutboundError(
        'host_not_allowed',
        `Connection "${definition.key}" has no allowed hosts and this action's host comes from its inputs; ` +
          'set allowedHosts on the connection.',
      );
    }
    throw new OutboundError(
      'host_not_allowed',
      `Connection "${definition.key}" may only be used with ${definition.allowedHosts.join(', ')}; ` +
        `${url.hostname} is not allowed.`,
    );
  }
  return url.origin === firstUrl.origin;
}

function secret(connection: ResolvedConnection, field: string): string {
  const value = (connection.secrets as Record<string, unknown>)[field];
  if (typeof value !== 'string' || value === '') {
    throw new OutboundError('auth_failed', `Connection "${connection.definition.key}" has no ${field} set.`);
  }
  return value;
}
