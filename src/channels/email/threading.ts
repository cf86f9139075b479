/**
 * Threading (RFC 5322 §3.6.4, contracts §5). Message-IDs are kept as written, angle
 * brackets included; References is capped so a long thread's header stays a sane size.
 */
const MAX_REFERENCES = 20;

/** Every `<id>` in a header value, in order. */
export function messageIds(value: string | undefined | null): string[] {
  return value ? [...value.matchAll(/<[^<>\s]+>/g)].map((m) => m[0]) : [];
}

/** The ids an inbound message refers to, nearest first: its In-Reply-To, then References newest first. */
export function referencedIds(inReplyTo: string | undefined, references: string | undefined): string[] {
  const ids = [...messageIds(inReplyTo), ...messageIds(references).reverse()];
  return [...new Set(ids)];
}

/**
 * A reply's References: the parent's References plus the parent's Message-ID; when the
 * parent has none, its single In-Reply-To followed by its Message-ID.
 */
export function replyReferences(parent: {
  messageId: string;
  references: string[];
  inReplyTo: string[];
}): string[] {
  const base = parent.references.length ? parent.references : parent.inReplyTo.slice(0, 1);
  const all = [...base.filter((id) => id !== parent.messageId), parent.messageId];
  // Keep the thread's root (first) and the newest ones.
  return all.length <= MAX_REFERENCES ? all : [all[0]!, ...all.slice(-(MAX_REFERENCES - 1))];
}

export function replySubject(subject: string | undefined): string {
  const s = (subject ?? '').replace(/\s+/g, ' ').trim();
  if (!s) return 'Re: your message';
  return /^re\s*:/i.test(s) ? s : `Re: ${s}`;
}

/** The Message-ID of an outbound message: stable per message, so a retried send carries the same id. */
export const outboundMessageId = (messageId: string, domain: string): string => `<${messageId}@${domain}>`;
