import { resolve } from 'node:path';
import { z } from 'zod';
import { invalid, zodIssuesToDetails } from '../shared/errors.ts';

/**
 * Every environment variable Frontdesk reads, in one place. The README's configuration
 * table mirrors this schema.
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  FRONTDESK_DATA_DIR: z.string().min(1).default('./.frontdesk'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(500).default(10),
  FRONTDESK_SECRET_KEY: z.string().optional(),
  FRONTDESK_OLD_SECRET_KEYS: z.string().optional(),
  FRONTDESK_ADMIN_KEY: z
    .string()
    .regex(/^fdk_[A-Za-z0-9]{8}_[A-Za-z0-9]{32,}$/, 'must look like fdk_XXXXXXXX_<32+ letters/digits>')
    .optional(),
  FRONTDESK_ADMIN_PASSWORD: z.string().min(10, 'use at least 10 characters').max(200).optional(),
  FRONTDESK_PUBLIC_URL: z.url().optional(),
  FRONTDESK_DEV_HOSTS: z.string().optional(),
  FRONTDESK_RATE_LIMIT: z.coerce.number().int().min(1).default(600),
  FRONTDESK_AUTH_RATE_LIMIT: z.coerce.number().int().min(1).default(30),
  FRONTDESK_TRUST_PROXY: z.string().default('off'),
  FRONTDESK_MODEL_HOSTS: z.string().optional(),
  FRONTDESK_BODY_LIMIT: z.coerce.number().int().min(1024).default(1_048_576),
  FRONTDESK_DEMO: z.enum(['on', 'off']).default('on'),
  FRONTDESK_DEMO_MAILBOX: z.enum(['on', 'off']).default('on'),
  FRONTDESK_WORKERS: z.enum(['on', 'off']).default('on'),
  FRONTDESK_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  FRONTDESK_MAIL_FROM: z.string().min(3).default('Frontdesk <no-reply@localhost>'),
  FRONTDESK_SMTP_INBOUND_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  FRONTDESK_SMTP_INBOUND_HOST: z.string().min(1).optional(),
  FRONTDESK_SMTP_INBOUND_MAX_BYTES: z.coerce.number().int().min(1024).default(10_485_760),
  FRONTDESK_SMTP_INBOUND_TLS_KEY: z.string().min(1).optional(),
  FRONTDESK_SMTP_INBOUND_TLS_CERT: z.string().min(1).optional(),
  FRONTDESK_REPLY_WAIT_MS: z.coerce.number().int().min(0).max(120_000).default(30_000),
  FRONTDESK_AUTO_CLOSE_MINUTES: z.coerce.number().min(0).default(1440),
  FRONTDESK_INBOX_HEARTBEAT_SECONDS: z.coerce.number().min(0.05).max(300).default(15),
  FRONTDESK_HUBSPOT_BASE_URL: z.url().default('https://api.hubapi.com'),
  FRONTDESK_HUBSPOT_AUTHORIZE_URL: z.url().default('https://app.hubspot.com/oauth/authorize'),
  FRONTDESK_HUBSPOT_CLIENT_ID: z.string().min(1).optional(),
  FRONTDESK_HUBSPOT_CLIENT_SECRET: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** PostgreSQL connections per process (half of them at most hold keyed locks: src/jobs/locks.ts). */
  databasePoolSize: number;
  secretKey: string | undefined;
  oldSecretKeys: string[];
  adminKey: string | undefined;
  /** The first admin's web sign-in password, set on the first start only. */
  adminPassword: string | undefined;
  publicUrl: string | undefined;
  /** host or host:port entries allowed over plain http and on private addresses (development only). */
  devHosts: string[];
  /** Requests per minute per API key. */
  rateLimitPerMinute: number;
  /** Requests per minute per client address that fail authentication (401). */
  authFailuresPerMinute: number;
  /** Fastify's `trustProxy`: false (default), true, a hop count, or addresses/CIDRs. */
  trustProxy: boolean | number | string;
  /**
   * host or host:port entries an agent's model `baseUrl` may use although they are private
   * or plain http (a local Ollama or vLLM); every other model host obeys the address policy.
   */
  modelHosts: string[];
  bodyLimitBytes: number;
  demo: boolean;
  /** With the demo on and no SMTP: the demo workspace's one-time codes go to the demo mailbox. */
  demoMailbox: boolean;
  workers: boolean;
  /** SMTP server for outbound mail (one-time codes); none means email verification is off. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** The email channels' inbound SMTP listener; off when no port is set (0: any free port). */
  smtpInbound: {
    port: number | undefined;
    host: string;
    maxBytes: number;
    tlsKeyFile: string | undefined;
    tlsCertFile: string | undefined;
  };
  /** How long the API channel's answer waits for the turn before answering 202. */
  replyWaitMs: number;
  /** Open conversations with no activity for this long are closed (0: never). */
  autoCloseMinutes: number;
  /** How often the inbox's live stream sends a heartbeat comment (keeps proxies from closing it). */
  inboxHeartbeatMs: number;
  /** The HubSpot app Frontdesk connects as (spec §D1); base URLs point tests at a stand-in. */
  hubspot: HubSpotConfig;
  logLevel: string;
}

export interface HubSpotConfig {
  baseUrl: string;
  authorizeUrl: string;
  clientId: string | undefined;
  clientSecret: string | undefined;
}

const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw invalid(
      'Invalid configuration in the environment.',
      zodIssuesToDetails(parsed.error.issues),
      'invalid_config',
    );
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.FRONTDESK_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    secretKey: e.FRONTDESK_SECRET_KEY,
    oldSecretKeys: list(e.FRONTDESK_OLD_SECRET_KEYS),
    adminKey: e.FRONTDESK_ADMIN_KEY,
    adminPassword: e.FRONTDESK_ADMIN_PASSWORD,
    publicUrl: e.FRONTDESK_PUBLIC_URL,
    devHosts: list(e.FRONTDESK_DEV_HOSTS),
    rateLimitPerMinute: e.FRONTDESK_RATE_LIMIT,
    authFailuresPerMinute: e.FRONTDESK_AUTH_RATE_LIMIT,
    trustProxy: parseTrustProxy(e.FRONTDESK_TRUST_PROXY),
    modelHosts: list(e.FRONTDESK_MODEL_HOSTS),
    bodyLimitBytes: e.FRONTDESK_BODY_LIMIT,
    demo: e.FRONTDESK_DEMO === 'on',
    demoMailbox: e.FRONTDESK_DEMO_MAILBOX === 'on',
    workers: e.FRONTDESK_WORKERS === 'on',
    smtpUrl: e.FRONTDESK_SMTP_URL,
    mailFrom: e.FRONTDESK_MAIL_FROM,
    smtpInbound: {
      port: e.FRONTDESK_SMTP_INBOUND_PORT,
      host: e.FRONTDESK_SMTP_INBOUND_HOST ?? e.HOST,
      maxBytes: e.FRONTDESK_SMTP_INBOUND_MAX_BYTES,
      tlsKeyFile: e.FRONTDESK_SMTP_INBOUND_TLS_KEY,
      tlsCertFile: e.FRONTDESK_SMTP_INBOUND_TLS_CERT,
    },
    replyWaitMs: e.FRONTDESK_REPLY_WAIT_MS,
    autoCloseMinutes: e.FRONTDESK_AUTO_CLOSE_MINUTES,
    inboxHeartbeatMs: Math.round(e.FRONTDESK_INBOX_HEARTBEAT_SECONDS * 1000),
    hubspot: {
      baseUrl: e.FRONTDESK_HUBSPOT_BASE_URL,
      authorizeUrl: e.FRONTDESK_HUBSPOT_AUTHORIZE_URL,
      clientId: e.FRONTDESK_HUBSPOT_CLIENT_ID,
      clientSecret: e.FRONTDESK_HUBSPOT_CLIENT_SECRET,
    },
    logLevel: e.LOG_LEVEL,
  };
}

/** `off`/`on`, a number of proxy hops, or a comma-separated list of proxy addresses/CIDRs. */
function parseTrustProxy(value: string): boolean | number | string {
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'off' || v === 'false') return false;
  if (v === 'on' || v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  return value.trim();
}
