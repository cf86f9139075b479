import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on loopback that keeps every message it receives, so tests can read
 * the one-time codes the product mails (G1: real SMTP, no mocked mailer) and the email
 * channel's replies. `failures` are SMTP codes answered to the first deliveries (e.g.
 * [451, 451] fails twice, then accepts); every attempt is counted in `attempts`. With
 * `auth`, only those credentials are accepted.
 */
export interface SinkMessage {
  to: string[];
  from: string;
  raw: string;
}

export interface SmtpSink {
  url: string;
  /** `host:port`, for FRONTDESK_DEV_HOSTS. */
  host: string;
  messages: SinkMessage[];
  /** Deliveries tried (refused ones included). */
  attempts: number;
  /** The 6-digit code in the newest message to this address. */
  lastCode(to: string): string;
  close(): Promise<void>;
}

export async function startSmtpSink(
  opts: { failures?: number[]; auth?: { user: string; pass: string } } = {},
): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const failures = [...(opts.failures ?? [])];
  let attempts = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, done) {
      const ok = !opts.auth || (auth.username === opts.auth.user && auth.password === opts.auth.pass);
      done(ok ? null : Object.assign(new Error('535 wrong credentials'), { responseCode: 535 }), {
        user: auth.username,
      });
    },
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        attempts++;
        sink.attempts = attempts;
        const code = failures.shift();
        if (code) {
          done(Object.assign(new Error(`${code} refused by the test sink`), { responseCode: code }));
          return;
        }
        messages.push({
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address.toLowerCase() : '',
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        done();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const sink: SmtpSink = {
    url: `smtp://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    messages,
    attempts,
    lastCode(to) {
      const mail = messages.filter((m) => m.to.includes(to.toLowerCase())).at(-1);
      const code = mail && /verification code: (\d{6})/.exec(mail.raw)?.[1];
      if (!code) throw new Error(`no code was mailed to ${to} (${messages.length} messages received)`);
      return code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return sink;
}
