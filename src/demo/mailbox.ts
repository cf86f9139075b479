import type { FastifyInstance } from 'fastify';
import type { Mailer } from '../conversations/mailer.ts';
import { newId } from '../shared/ids.ts';

/**
 * The demo mailbox (A1): with the demo on and no SMTP server configured, the demo workspace's
 * one-time codes are delivered here instead of by mail, so the demo refund can be tried on a bare
 * `npm start`. It serves only the demo workspace's account — every other account has no mailer and
 * hands off as before — and it is never on when FRONTDESK_SMTP_URL is set. Messages live in this
 * process's memory (the last 100), as the demo's single-process PGlite setup does.
 */
export const DEMO_MAILBOX_PATH = '/demo-store/mailbox';
const KEEP = 100;

export interface DemoMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  sentAt: string;
}

export class DemoMailbox implements Mailer {
  readonly #accountId: string;
  readonly #mail: DemoMail[] = [];

  constructor(demoAccountId: string) {
    this.#accountId = demoAccountId;
  }

  serves(accountId: string): boolean {
    return accountId === this.#accountId;
  }

  async send(message: { to: string; subject: string; text: string }): Promise<void> {
    this.#mail.push({ id: newId('mail'), ...message, sentAt: new Date().toISOString() });
    if (this.#mail.length > KEEP) this.#mail.splice(0, this.#mail.length - KEEP);
  }

  /** Newest first; only one address's mail when `to` is given. */
  list(to?: string): DemoMail[] {
    const wanted = to?.trim().toLowerCase();
    return this.#mail.filter((m) => !wanted || m.to.toLowerCase() === wanted).reverse();
  }
}

const NOTICE =
  "This is Frontdesk's demo mailbox. Because no SMTP server is configured (FRONTDESK_SMTP_URL), one-time codes for the demo workspace are delivered here instead of by email. It serves only the demo workspace; set FRONTDESK_SMTP_URL to send real mail.";
const OFF = 'The demo mailbox is off: this server sends one-time codes by email (FRONTDESK_SMTP_URL is set).';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(mailbox: DemoMailbox | null, to: string | undefined): string {
  const rows = (mailbox?.list(to) ?? [])
    .map(
      (m) =>
        `<article><h2>${escapeHtml(m.subject)}</h2><p class="meta">To ${escapeHtml(m.to)} · ${escapeHtml(m.sentAt)}</p><pre>${escapeHtml(m.text)}</pre></article>`,
    )
    .join('\n');
  const body = mailbox ? `${rows || '<p>No mail yet.</p>'}` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5"><title>Demo mailbox · Frontdesk</title>
<style>body{font:16px system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem}.notice{background:#fff8e1;padding:.75rem 1rem;border-radius:.5rem}article{border-bottom:1px solid #ddd;padding:.5rem 0}.meta{color:#666;font-size:.9em}pre{white-space:pre-wrap;font:inherit}</style>
</head><body><h1>Demo mailbox</h1><p class="notice">${escapeHtml(mailbox ? NOTICE : OFF)}</p>
${body}
</body></html>`;
}

/** GET /demo-store/mailbox (a page that refreshes itself) and /demo-store/mailbox.json. */
export async function demoMailboxRoutes(
  app: FastifyInstance,
  opts: { mailbox: DemoMailbox | null },
): Promise<void> {
  const { mailbox } = opts;
  app.get<{ Querystring: { to?: string } }>(DEMO_MAILBOX_PATH, async (req, reply) =>
    reply.type('text/html; charset=utf-8').send(page(mailbox, req.query.to)),
  );
  app.get<{ Querystring: { to?: string } }>(`${DEMO_MAILBOX_PATH}.json`, async (req, reply) => {
    if (!mailbox)
      return reply.status(404).send({ error: { code: 'demo_mailbox_off', message: OFF, details: [] } });
    return { notice: NOTICE, messages: mailbox.list(req.query.to) };
  });
}
