import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import PostalMime, { type Email } from 'postal-mime';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { AppContext } from '../../context.ts';
import type { ChannelRow } from '../../store/schema.ts';
import { normaliseAddress, splitPlus } from './addresses.ts';
import type { DNSResolver } from './authenticate.ts';
import { acceptEmail } from './inbound.ts';
import { emailChannelFor } from './repository.ts';

/**
 * The inbound SMTP door of every email channel (spec §E1): one listener per process.
 * A recipient that no channel claims is refused at RCPT (550); a message over the size
 * limit is refused with 552 and nothing is kept; a message is answered 250 only after it
 * is stored (or deliberately dropped: auto-replies, lists, the per-sender limit), and 451
 * when it could not be, so the sending server retries later; one that cannot be parsed gets 554.
 */
export interface InboundSmtpOptions {
  port: number;
  host: string;
  maxBytes: number;
  /** PEM files: with both, STARTTLS is offered. */
  tlsKeyFile?: string | undefined;
  tlsCertFile?: string | undefined;
  /** DNS for DKIM/SPF/DMARC (mailauth's resolver); default: the system's. */
  resolver?: DNSResolver | undefined;
}

export interface InboundSmtp {
  port: number;
  close(): Promise<void>;
}

const smtpError = (message: string, responseCode: number) =>
  Object.assign(new Error(message), { responseCode });

export async function startInboundSmtp(ctx: AppContext, opts: InboundSmtpOptions): Promise<InboundSmtp> {
  const tls =
    opts.tlsKeyFile && opts.tlsCertFile
      ? { key: await readFile(opts.tlsKeyFile), cert: await readFile(opts.tlsCertFile) }
      : undefined;
  const mta = hostname();
  const server = new SMTPServer({
    name: mta,
    banner: 'Frontdesk',
    size: opts.maxBytes,
    authOptional: true,
    disableReverseLookup: true,
    // Bounds what a flood of idle connections can hold; mail servers retry on refusal.
    maxClients: 200,
    disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(tls ?? {}),
    logger: false,
    onRcptTo(address, session, callback) {
      channelOf(ctx, address.address).then(
        (channel) => {
          if (!channel) return callback(smtpError('5.1.1 No such mailbox here', 550));
          recipientsOf(session).set(address.address, channel);
          callback();
        },
        (err) => {
          ctx.log.error({ err }, 'inbound email: recipient lookup failed');
          callback(smtpError('4.3.0 Try again later', 451));
        },
      );
    },
    onData(stream, session, callback) {
      readMessage(stream, opts.maxBytes).then(
        async (raw) => {
          if (!raw) return callback(smtpError('5.3.4 Message too big', 552));
          // A message that cannot be parsed never will be: refused for good, not retried.
          const mail = await PostalMime.parse(raw).catch(() => null);
          if (!mail) return callback(smtpError('5.6.0 The message could not be parsed', 554));
          try {
            const stored = await deliverLocally(ctx, mail, raw, session, mta, opts.resolver);
            // Like an MTA's "queued as": the sender's log names what was stored.
            callback(null, stored.length ? `2.0.0 Stored as ${stored.join(' ')}` : '2.0.0 Accepted');
          } catch (err) {
            ctx.log.error({ err }, 'inbound email: not stored');
            callback(smtpError('4.3.0 The message could not be stored; try again later', 451));
          }
        },
        () => callback(smtpError('4.3.0 The message could not be read', 451)),
      );
    },
  });
  server.on('error', (err) => ctx.log.warn({ err }, 'inbound smtp error'));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  ctx.log.info({ host: opts.host, port }, 'inbound smtp listening');
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const channelOf = (ctx: AppContext, recipient: string) =>
  emailChannelFor(ctx.db, splitPlus(normaliseAddress(recipient)).base);

// The channel each accepted recipient named, looked up once at RCPT for the DATA that follows.
const accepted = new WeakMap<SMTPServerSession, Map<string, ChannelRow>>();
function recipientsOf(session: SMTPServerSession): Map<string, ChannelRow> {
  const known = accepted.get(session);
  if (known) return known;
  const map = new Map<string, ChannelRow>();
  accepted.set(session, map);
  return map;
}

/** The whole message, or null when it exceeded the limit (the rest is read and discarded). */
function readMessage(stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    stream.on('error', reject);
    stream.on('end', () => resolve(stream.sizeExceeded || size > maxBytes ? null : Buffer.concat(chunks)));
  });
}

/** Stores the message for every channel among its recipients (each channel once). */
async function deliverLocally(
  ctx: AppContext,
  mail: Email,
  raw: Buffer,
  session: SMTPServerSession,
  mta: string,
  resolver: DNSResolver | undefined,
): Promise<string[]> {
  const stored: string[] = [];
  const byChannel = new Map<string, { channel: ChannelRow; recipient: string }>();
  for (const rcpt of session.envelope.rcptTo) {
    const channel = recipientsOf(session).get(rcpt.address) ?? (await channelOf(ctx, rcpt.address));
    if (channel && !byChannel.has(channel.id))
      byChannel.set(channel.id, { channel, recipient: rcpt.address });
  }
  const mailFrom = session.envelope.mailFrom;
  for (const { channel, recipient } of byChannel.values()) {
    const result = await acceptEmail(
      ctx,
      channel,
      mail,
      raw,
      {
        recipient,
        arrival: {
          ip: session.remoteAddress,
          helo: session.hostNameAppearsAs ?? '',
          sender: mailFrom ? mailFrom.address : '',
          mta,
        },
      },
      resolver,
    );
    if (result.outcome === 'dropped')
      ctx.log.info({ channelId: channel.id, reason: result.reason }, 'inbound email not answered');
    else stored.push(result.messageId);
  }
  return stored;
}
