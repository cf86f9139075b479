import nodemailer from 'nodemailer';
import { AppError } from '../shared/errors.ts';

/**
 * Outbound mail for one-time codes, through the SMTP server configured by
 * FRONTDESK_SMTP_URL (smtp://user:pass@host:port or smtps://…) and FRONTDESK_MAIL_FROM.
 */
export interface Mailer {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
  /** Whether it delivers for this account; absent means every account (an SMTP server). */
  serves?(accountId: string): boolean;
}

/**
 * The mailer a conversation of this account may use, or null — then no code can be sent and the
 * engine hands off. The demo mailbox serves only the demo workspace.
 */
export function mailerFor(mailer: Mailer | null, accountId: string): Mailer | null {
  return mailer && (mailer.serves?.(accountId) ?? true) ? mailer : null;
}

export function createMailer(smtpUrl: string | undefined, from: string): Mailer | null {
  if (!smtpUrl) return null;
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send({ to, subject, text }) {
      try {
        await transport.sendMail({
          from,
          to,
          subject,
          text,
          headers: { 'Auto-Submitted': 'auto-generated' },
        });
      } catch (err) {
        // The SMTP URL may hold a password: report only the failure's code.
        throw new AppError(
          'upstream_failed',
          'smtp_failed',
          `Sending mail failed (${(err as { code?: string }).code ?? 'error'}).`,
        );
      }
    },
  };
}
