import { resolve } from 'node:path';
import { z } from 'zod';
import { AppError, formatPath } from '../shared/errors.ts';

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
  FRONTDESK_SECRET_KEY: z.string().optional(),
  FRONTDESK_OLD_SECRET_KEYS: z.string().optional(),
  FRONTDESK_ADMIN_KEY: z
    .string()
    .regex(/^fdk_[A-Za-z0-9]{8}_[A-Za-z0-9]{32,}$/, 'must look like fdk_XXXXXXXX_<32+ letters/digits>')
    .optional(),
  FRONTDESK_PUBLIC_URL: z.url().optional(),
  FRONTDESK_DEV_HOSTS: z.string().optional(),
  FRONTDESK_RATE_LIMIT: z.coerce.number().int().min(1).default(600),
  FRONTDESK_BODY_LIMIT: z.coerce.number().int().min(1024).default(1_048_576),
  FRONTDESK_DEMO: z.enum(['on', 'off']).default('on'),
  FRONTDESK_WORKERS: z.enum(['on', 'off']).default('on'),
  FRONTDESK_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  FRONTDESK_MAIL_FROM: z.string().min(3).default('Frontdesk <no-reply@localhost>'),
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
  secretKey: string | undefined;
  oldSecretKeys: string[];
  adminKey: string | undefined;
  publicUrl: string | undefined;
  /** host or host:port entries allowed over plain http and on private addresses (development only). */
  devHosts: string[];
  /** Requests per minute per API key. */
  rateLimitPerMinute: number;
  bodyLimitBytes: number;
  demo: boolean;
  workers: boolean;
  /** SMTP server for outbound mail (one-time codes); none means email verification is off. */
  smtpUrl: string | undefined;
  mailFrom: string;
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
    throw new AppError(
      400,
      'invalid_config',
      'Invalid configuration in the environment.',
      parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    );
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.FRONTDESK_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    secretKey: e.FRONTDESK_SECRET_KEY,
    oldSecretKeys: list(e.FRONTDESK_OLD_SECRET_KEYS),
    adminKey: e.FRONTDESK_ADMIN_KEY,
    publicUrl: e.FRONTDESK_PUBLIC_URL,
    devHosts: list(e.FRONTDESK_DEV_HOSTS),
    rateLimitPerMinute: e.FRONTDESK_RATE_LIMIT,
    bodyLimitBytes: e.FRONTDESK_BODY_LIMIT,
    demo: e.FRONTDESK_DEMO === 'on',
    workers: e.FRONTDESK_WORKERS === 'on',
    smtpUrl: e.FRONTDESK_SMTP_URL,
    mailFrom: e.FRONTDESK_MAIL_FROM,
    hubspot: {
      baseUrl: e.FRONTDESK_HUBSPOT_BASE_URL,
      authorizeUrl: e.FRONTDESK_HUBSPOT_AUTHORIZE_URL,
      clientId: e.FRONTDESK_HUBSPOT_CLIENT_ID,
      clientSecret: e.FRONTDESK_HUBSPOT_CLIENT_SECRET,
    },
    logLevel: e.LOG_LEVEL,
  };
}
