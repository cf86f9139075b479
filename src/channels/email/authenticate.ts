import { type AuthenticateResult, authenticate, type DNSResolver } from 'mailauth';

/**
 * Whether an inbound message proves its From address (spec §E1 "verified email"): it passes
 * DMARC, or carries a valid DKIM signature aligned with the From domain — checked by
 * `mailauth` against DNS, never read from the From header alone or from an
 * Authentication-Results header a sender could write. Only channels that opt in
 * (`trustAuthenticationResults`) ask.
 */
export interface Arrival {
  /** The connecting client's IP address, for SPF. */
  ip: string;
  /** What the client said in EHLO/HELO. */
  helo: string;
  /** MAIL FROM (empty for a null sender). */
  sender: string;
  /** This server's name, as written into the results. */
  mta: string;
}

export type { DNSResolver };

export async function senderVerified(
  raw: Buffer,
  arrival: Arrival,
  resolver?: DNSResolver,
): Promise<boolean> {
  let result: AuthenticateResult;
  try {
    result = await authenticate(raw, {
      ...arrival,
      ...(resolver ? { resolver } : {}),
      disableArc: true,
      disableBimi: true,
    });
  } catch {
    // A DNS failure or a malformed message proves nothing.
    return false;
  }
  if (result.dmarc && result.dmarc.status.result === 'pass') return true;
  return result.dkim.results.some((r) => r.status.result === 'pass' && !!r.status.aligned);
}
