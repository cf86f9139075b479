import type { ChannelRow } from '../../store/schema.ts';

/** An email channel's config as stored (validated by `CHANNEL_TYPES.email`). */
export interface EmailConfig {
  addresses: string[];
  from?: string;
  fromName?: string;
  smtpUrl: string;
  smtpUser?: string;
  trustAuthenticationResults: boolean;
  maxRepliesPerHour: number;
}

export function emailConfigOf(row: ChannelRow): EmailConfig {
  const c = row.config as Partial<EmailConfig>;
  return {
    addresses: c.addresses ?? [],
    ...(c.from ? { from: c.from } : {}),
    ...(c.fromName ? { fromName: c.fromName } : {}),
    smtpUrl: c.smtpUrl ?? '',
    ...(c.smtpUser ? { smtpUser: c.smtpUser } : {}),
    trustAuthenticationResults: c.trustAuthenticationResults === true,
    maxRepliesPerHour: c.maxRepliesPerHour ?? 10,
  };
}

/** The address replies come from (and, plus-addressed, the one they are answered at). */
export const fromAddressOf = (c: EmailConfig): string => c.from ?? c.addresses[0] ?? '';
