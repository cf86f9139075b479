import type { AppContext } from '../../context.ts';
import { requestForDelivery } from '../delivery.ts';
import { DeliveryError } from '../types.ts';

/**
 * Sending through Meta's Graph API (contracts §3): `POST {graphApiUrl}/{node id}/messages`
 * with `Authorization: Bearer <token>`, through the one outbound client (address policy,
 * deadline, size cap). Failures become DeliveryErrors the outbox understands: rate limits,
 * 5xx and network trouble are retried; a refused token or request is permanent; a closed
 * customer-service window is reported as such.
 */
export interface GraphFailure {
  reason: string;
  permanent: boolean;
  /** Meta refused because the customer last wrote more than 24 hours ago. */
  windowClosed: boolean;
}

// Throttling and transient service errors: worth another try.
const RETRYABLE_CODES = new Set([1, 2, 4, 17, 32, 613, 80006, 80007, 130429, 131000, 131016, 131048, 131056]);
// WhatsApp's re-engagement error, and Messenger's "outside of allowed window" subcode.
const WINDOW_CODES = new Set([131047]);
const WINDOW_SUBCODES = new Set([2018278]);

export function classifyGraphFailure(status: number, body: unknown): GraphFailure {
  const error = (body as { error?: { code?: unknown; error_subcode?: unknown; message?: unknown } } | null)
    ?.error;
  const code = typeof error?.code === 'number' ? error.code : undefined;
  const subcode = typeof error?.error_subcode === 'number' ? error.error_subcode : undefined;
  const message = typeof error?.message === 'string' ? error.message.slice(0, 200) : '';
  const reason = `The Graph API answered HTTP ${status}${code !== undefined ? ` (error ${code}${subcode ? `/${subcode}` : ''})` : ''}${message ? `: ${message}` : '.'}`;
  if (
    (code !== undefined && WINDOW_CODES.has(code)) ||
    (subcode !== undefined && WINDOW_SUBCODES.has(subcode))
  )
    return { reason, permanent: true, windowClosed: true };
  const retryable = status >= 500 || status === 429 || (code !== undefined && RETRYABLE_CODES.has(code));
  return { reason, permanent: !retryable, windowClosed: false };
}

export class GraphSendError extends DeliveryError {
  readonly windowClosed: boolean;
  constructor(f: GraphFailure) {
    super(f.reason, { permanent: f.permanent });
    this.name = 'GraphSendError';
    this.windowClosed = f.windowClosed;
  }
}

export async function postGraphMessage(
  ctx: AppContext,
  args: { graphApiUrl: string; nodeId: string; accessToken: string; body: unknown },
): Promise<unknown> {
  const url = `${args.graphApiUrl.replace(/\/+$/, '')}/${encodeURIComponent(args.nodeId)}/messages`;
  const res = await requestForDelivery(ctx, 'The Graph API', {
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${args.accessToken}` },
    body: JSON.stringify(args.body),
  });
  if (res.status < 200 || res.status >= 300)
    throw new GraphSendError(classifyGraphFailure(res.status, res.json));
  return res.json;
}
