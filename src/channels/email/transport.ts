import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { isPublicAddress, literalAddress } from '../../shared/http/address.ts';
import { isDevHost, parseDevHosts } from '../../shared/http/dev-hosts.ts';
import { type Resolver, systemResolver } from '../../shared/http/resolve.ts';
import { DeliveryError } from '../types.ts';

/**
 * The SMTP connection a channel sends through, under the one outbound address policy
 * (contracts §8): the server's name is resolved once, every address must be public, and
 * nodemailer connects to the checked address (TLS still verifies the name), so DNS cannot
 * swap in an internal host between check and connect. `FRONTDESK_DEV_HOSTS` entries
 * (`127.0.0.1:2525`) may be private and skip TLS, as for HTTP. Credentials never sit in
 * the URL: the user is config, the password a write-only secret.
 */
export interface SmtpServer {
  smtpUrl: string;
  user?: string | undefined;
  password?: string | undefined;
}

export async function smtpTransport(
  server: SmtpServer,
  devHosts: readonly string[],
  resolve: Resolver = systemResolver,
): Promise<Transporter<SMTPTransport.SentMessageInfo>> {
  const url = new URL(server.smtpUrl);
  const secure = url.protocol === 'smtps:';
  const port = url.port ? Number(url.port) : secure ? 465 : 25;
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const dev = isDevHost(parseDevHosts(devHosts), new URL(`http://${url.hostname}:${port}`));
  let host = hostname;
  if (!dev) host = await publicAddressOf(hostname, resolve);
  const options: SMTPTransport.Options = {
    host,
    port,
    secure,
    // Outside development, a password never crosses the network in clear text.
    requireTLS: !dev && !secure,
    tls: { servername: hostname },
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
    ...(server.user ? { auth: { user: server.user, pass: server.password ?? '' } } : {}),
  };
  return nodemailer.createTransport(options);
}

async function publicAddressOf(hostname: string, resolve: Resolver): Promise<string> {
  const literal = literalAddress(hostname.includes(':') ? `[${hostname}]` : hostname);
  const blocked = (address: string) =>
    new DeliveryError(`The mail server address ${address} is not a public address (blocked_address).`, {
      permanent: true,
    });
  if (literal !== undefined) {
    if (!isPublicAddress(literal)) throw blocked(hostname);
    return literal;
  }
  let answer: Awaited<ReturnType<Resolver>>;
  try {
    answer = await resolve(hostname);
  } catch {
    throw new DeliveryError(`The mail server ${hostname} did not resolve.`);
  }
  const bad = answer.find((a) => !isPublicAddress(a.address));
  if (bad) throw blocked(`${hostname} (${bad.address})`);
  const first = answer[0];
  if (!first) throw new DeliveryError(`The mail server ${hostname} did not resolve.`);
  return first.address;
}

/**
 * A failed send as the outbox records it: a 5xx answer is permanent (the server refused
 * for good), anything else is retried. Only the SMTP code and the server's short answer are
 * kept, never the command or credentials.
 */
export function deliveryErrorOf(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const e = err as { responseCode?: number; response?: string; code?: string };
  if (typeof e.responseCode === 'number') {
    const said = (e.response ?? '').replace(/[\r\n]+/g, ' ').slice(0, 200);
    return new DeliveryError(`The mail server answered ${said || e.responseCode}.`, {
      permanent: e.responseCode >= 500,
    });
  }
  return new DeliveryError(`The mail server could not be reached (${e.code ?? 'network'}).`);
}
