/**
 * Loop safety (RFC 3834 §2, §5): mail that a machine sent — an auto-reply, a bounce, a
 * list or bulk message — is never answered, or two auto-responders would mail each other
 * for ever. Returns why a message must not be answered, or null when a person wrote it.
 */
export interface HeaderLine {
  key: string;
  value: string;
}

const MACHINE_SENDERS =
  /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|listserv|majordomo|owner-.+|.+-request|.+-bounces?)@/i;

export function automatedReason(
  headers: readonly HeaderLine[],
  senders: { envelope: string | null; from: string | null },
): string | null {
  const get = (name: string) => headers.find((h) => h.key.toLowerCase() === name)?.value.trim();
  const autoSubmitted = get('auto-submitted');
  if (autoSubmitted && autoSubmitted.split(';')[0]!.trim().toLowerCase() !== 'no')
    return `Auto-Submitted: ${autoSubmitted}`;
  const precedence = get('precedence')?.toLowerCase();
  if (precedence && /^(bulk|junk|list)\b/.test(precedence)) return `Precedence: ${precedence}`;
  if (get('list-id') !== undefined) return 'List-Id';
  // Widespread non-standard markers of auto-responders (Microsoft, older vacation programs).
  if (get('x-autoreply') !== undefined || get('x-autorespond') !== undefined) return 'X-Autoreply';
  // A null reverse-path (`MAIL FROM:<>`) is a delivery report (RFC 5321 §4.5.5).
  if (senders.envelope === '') return 'null sender';
  for (const s of [senders.envelope, senders.from]) {
    if (s && MACHINE_SENDERS.test(s)) return 'machine sender';
  }
  return null;
}
