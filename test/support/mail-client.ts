import nodemailer from 'nodemailer';
import PostalMime, { type Email } from 'postal-mime';

/**
 * A customer's mail server, as tests play it: nodemailer speaking SMTP to the product's
 * inbound listener on loopback. `send` resolves with the server's answer or rejects with
 * nodemailer's error (its `responseCode` is the SMTP code: 550, 552, …).
 */
export interface OutgoingMail {
  from: string;
  to: string;
  subject?: string;
  text: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
}

export function mailClient(port: number) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  return {
    send: (m: OutgoingMail) =>
      transport.sendMail({
        from: m.from,
        to: m.to,
        subject: m.subject ?? 'Hello',
        text: m.text,
        ...(m.messageId ? { messageId: m.messageId } : {}),
        ...(m.inReplyTo ? { inReplyTo: m.inReplyTo } : {}),
        ...(m.references ? { references: m.references } : {}),
        ...(m.headers ? { headers: m.headers } : {}),
      }),
    close: () => transport.close(),
  };
}

/** A received message parsed as the customer's mail program would. */
export const parseMail = (raw: string): Promise<Email> => PostalMime.parse(raw);

export const header = (mail: Email, name: string) =>
  mail.headers.find((h) => h.key === name.toLowerCase())?.value;
