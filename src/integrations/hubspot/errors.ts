import { AppError, conflict, forbidden, invalid, notFound, upstreamFailed } from '../../shared/errors.ts';
import { findOutboundError } from '../../shared/http/errors.ts';

/** What the SDK throws for a non-2xx answer (its generated `ApiException`). */
interface SdkException {
  code: number;
  body: unknown;
  headers: Record<string, string>;
}

const isSdkException = (e: unknown): e is SdkException =>
  e instanceof Error && typeof (e as { code?: unknown }).code === 'number' && 'body' in e;

function messageOf(body: unknown): string {
  const m = (body as { message?: unknown } | null)?.message;
  return typeof m === 'string' ? m.slice(0, 500) : 'no message';
}

/** HubSpot's status, when the error came from it. */
export const hubspotStatus = (e: unknown): number | undefined => (isSdkException(e) ? e.code : undefined);

/** Retry-After in seconds of a HubSpot 429/5xx, if it sent one. */
export function retryAfterSeconds(e: unknown): number | undefined {
  if (!isSdkException(e)) return undefined;
  const v = Number(e.headers?.['retry-after']);
  return Number.isFinite(v) && v >= 0 ? Math.ceil(v) : undefined;
}

/**
 * HubSpot's failures as Frontdesk errors. HubSpot's own message is kept (it names the
 * property or scope at fault); request headers, and so tokens, are never part of it.
 */
export function hubspotFailure(e: unknown, what = 'HubSpot'): AppError {
  const outbound = findOutboundError(e);
  if (outbound) return outbound;
  if (!isSdkException(e))
    return upstreamFailed('hubspot_failed', `${what}: ${e instanceof Error ? e.message : String(e)}`);
  const message = messageOf(e.body);
  if (e.code === 401)
    return upstreamFailed('hubspot_reconnect_needed', 'HubSpot refused the access token; reconnect HubSpot.');
  if (e.code === 403) return forbidden(`HubSpot refused: ${message}`, 'hubspot_missing_scope');
  if (e.code === 404) return notFound(`The ${what} record`);
  if (e.code === 409) return conflict(`HubSpot: ${message}`, 'hubspot_conflict');
  if (e.code === 429)
    return new AppError(
      'rate_limited',
      'hubspot_rate_limited',
      'HubSpot rate limit reached; try again shortly.',
      [],
      {
        'Retry-After': String(retryAfterSeconds(e) ?? 1),
      },
    );
  if (e.code >= 400 && e.code < 500)
    return invalid(`HubSpot rejected the request: ${message}`, [], 'hubspot_rejected');
  return upstreamFailed('hubspot_unavailable', `HubSpot failed (${e.code}): ${message}`);
}
