import { z } from 'zod';
import { hoursSchema } from '../deployments/hours.ts';
import { type ErrorDetail, invalid, zodIssuesToDetails } from '../shared/errors.ts';
import { randomToken } from '../shared/ids.ts';

/**
 * What each channel type needs (E1), one entry per type: adding a channel type (email,
 * whatsapp, messenger, twilio-voice, twilio-sms) is one entry here plus its adapter. The
 * config is public (shown and exported); the secrets are write-only, sealed by the
 * keyring, generated when not given and shown once.
 */
export interface ChannelTypeSpec {
  config: z.ZodType<Record<string, unknown>>;
  /** Secret field → minimum length; a missing one is generated. */
  secrets: Record<string, number>;
  /** Pages embed the channel by a public id (the widget's `data-channel`). */
  publicId: boolean;
  /** Secrets only the admin can know (a mail server's password): never generated. */
  provided?: readonly string[];
}

const origin = z
  .string()
  .trim()
  .refine((o) => {
    if (!URL.canParse(o)) return false;
    const u = new URL(o);
    return /^https?:$/.test(u.protocol) && u.origin === o;
  }, 'must be an origin such as https://shop.example.com (scheme, host and port only)');

const webhookUrl = z
  .string()
  .max(2048)
  .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), 'must be an absolute http(s) URL');

/** Meta's Graph API (WhatsApp Cloud API and Messenger); its version is part of the base URL. */
export const GRAPH_API_VERSION = 'v23.0';
const graphId = z
  .string()
  .trim()
  .regex(/^\d{1,32}$/, 'digits, as Meta shows it');
const graphApiUrl = webhookUrl
  .default(`https://graph.facebook.com/${GRAPH_API_VERSION}`)
  .describe('The Graph API base URL, version included (change it only to test against a stand-in).');

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number such as +14155550100');

/** What both Twilio channels need: the account, the number, where Twilio's API is, how Twilio calls us. */
const twilioConfig = {
  accountSid: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'must be a Twilio Account SID (AC followed by 32 hex digits)')
    .describe('The Twilio Account SID (AC…).'),
  phoneNumber: e164.describe('The Twilio number customers call or text, E.164.'),
  apiBaseUrl: webhookUrl
    .default('https://api.twilio.com')
    .describe("Twilio's REST API base URL; change only to point at a stand-in."),
  webhookBaseUrl: webhookUrl.describe(
    'This server as Twilio reaches it (scheme, host and any path prefix), e.g. https://frontdesk.example.com: signatures are checked against this URL plus /webhooks/twilio-…/<channelId>.',
  ),
};

export const CHANNEL_TYPES = {
  api: { config: z.strictObject({}), secrets: {}, publicId: false },
  livechat: {
    config: z.strictObject({
      allowedOrigins: z
        .array(origin)
        .min(1)
        .max(50)
        .describe('Pages allowed to embed the widget, e.g. ["https://shop.example.com"].'),
      requireVerifiedIdentity: z
        .boolean()
        .default(false)
        .describe('Refuse visitors without a token signed with the channel secret.'),
    }),
    // The HS256 key the business's server signs visitor tokens with.
    secrets: { signingSecret: 32 },
    publicId: true,
  },
  custom: {
    config: z.strictObject({
      webhookUrl: webhookUrl.describe('Where replies are POSTed, signed with the webhook secret.'),
    }),
    // channelKey authenticates inbound posts; webhookSecret signs outbound ones (HMAC-SHA256).
    secrets: { channelKey: 24, webhookSecret: 32 },
    publicId: false,
  },
  email: {
    config: z.strictObject({
      addresses: z
        .array(z.email().toLowerCase())
        .min(1)
        .max(20)
        .describe(
          'Inbound addresses this channel answers, e.g. ["support@shop.example.com"]; the first is also the reply address (plus-addressed).',
        ),
      from: z
        .email()
        .toLowerCase()
        .optional()
        .describe('The From address of replies; default: the first address.'),
      fromName: z
        .string()
        .trim()
        .min(1)
        .max(100)
        .optional()
        .describe('The From display name, e.g. "Shop support".'),
      smtpUrl: z
        .string()
        .max(500)
        .refine(isSmtpUrl, 'must be smtp://host:port or smtps://host:port without credentials')
        .describe(
          'Outbound SMTP server, e.g. smtps://smtp.example.com:465 (credentials go in smtpUser and the smtpPassword secret).',
        ),
      smtpUser: z
        .string()
        .min(1)
        .max(200)
        .optional()
        .describe('SMTP user name; with the smtpPassword secret.'),
      trustAuthenticationResults: z
        .boolean()
        .default(false)
        .describe(
          'Count the sender as verified when the message passes DMARC (DKIM/SPF aligned with From), checked on arrival.',
        ),
      maxRepliesPerHour: z
        .number()
        .int()
        .min(1)
        .max(1000)
        .default(10)
        .describe('Messages answered per sender per hour; more are dropped (a loop guard).'),
    }),
    secrets: { smtpPassword: 1 },
    publicId: false,
    provided: ['smtpPassword'],
  },
  whatsapp: {
    config: z.strictObject({
      phoneNumberId: graphId.describe('The WhatsApp Business phone number id replies are sent from.'),
      graphApiUrl: graphApiUrl,
    }),
    // appSecret checks X-Hub-Signature-256; accessToken sends; verifyToken answers Meta's handshake.
    secrets: { appSecret: 16, accessToken: 32, verifyToken: 16 },
    publicId: false,
  },
  messenger: {
    config: z.strictObject({
      pageId: graphId.describe('The Facebook Page id replies are sent from.'),
      graphApiUrl: graphApiUrl,
    }),
    // accessToken is a Page access token with pages_messaging.
    secrets: { appSecret: 16, accessToken: 32, verifyToken: 16 },
    publicId: false,
  },
  'twilio-sms': {
    config: z.strictObject({
      ...twilioConfig,
      helpText: z
        .string()
        .trim()
        .min(1)
        .max(320)
        .optional()
        .describe('The answer to HELP; by default the agent says what it can do and how to stop.'),
    }),
    // The Twilio Auth Token: it signs Twilio's webhooks and authenticates the Messages API.
    secrets: { authToken: 32 },
    publicId: false,
  },
  'twilio-voice': {
    config: z.strictObject({
      ...twilioConfig,
      transferNumber: e164.optional().describe('Where a call goes when the caller is handed to a person.'),
      transferQueue: z
        .string()
        .trim()
        .min(1)
        .max(64)
        .optional()
        .describe('A Twilio queue (<Enqueue>) for handed-off callers, instead of a number.'),
      transferHours: hoursSchema
        .optional()
        .describe('When people take transferred calls; outside them the caller leaves a message.'),
      language: z
        .string()
        .regex(/^[a-z]{2,3}-[A-Z]{2}$/, 'must be a language tag such as en-US')
        .default('en-US')
        .describe('Speech recognition and <Say> language.'),
      voice: z.string().max(64).optional().describe('A Twilio <Say> voice, e.g. Polly.Joanna.'),
    }),
    secrets: { authToken: 32 },
    publicId: false,
  },
} as const satisfies Record<string, ChannelTypeSpec>;

/** True when the URL is a usable SMTP server address (no credentials: those are secrets). */
function isSmtpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const u = new URL(value);
  return (
    /^smtps?:$/.test(u.protocol) &&
    u.hostname !== '' &&
    !u.username &&
    !u.password &&
    /^\/?$/.test(u.pathname)
  );
}

export type ChannelType = keyof typeof CHANNEL_TYPES;
export const CHANNEL_TYPE_NAMES = Object.keys(CHANNEL_TYPES) as ChannelType[];

export const isChannelType = (t: unknown): t is ChannelType =>
  typeof t === 'string' && Object.hasOwn(CHANNEL_TYPES, t);

export const secretFieldsOf = (type: string): string[] =>
  isChannelType(type) ? Object.keys(CHANNEL_TYPES[type].secrets) : [];

const secretValue = (min: number) =>
  z
    .string()
    .min(min, `must be at least ${min} characters`)
    .max(512)
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

/** Validates a type's config and the given secrets; every problem at once, with its path. */
export function validateChannelConfig(
  type: unknown,
  config: unknown,
  secrets: unknown,
): { type: ChannelType; config: Record<string, unknown>; secrets: Record<string, string> } {
  if (!isChannelType(type)) {
    throw invalid('The channel type is not supported.', [
      { path: 'type', message: `must be one of ${CHANNEL_TYPE_NAMES.join(', ')}` },
    ]);
  }
  const spec: ChannelTypeSpec = CHANNEL_TYPES[type];
  const details: ErrorDetail[] = [];
  const c = spec.config.safeParse(config ?? {});
  if (!c.success) details.push(...zodIssuesToDetails(c.error.issues, ['config']));
  const secretShape = Object.fromEntries(
    Object.entries(spec.secrets).map(([k, min]) => [k, secretValue(min).optional()]),
  );
  const s = z.strictObject(secretShape).safeParse(secrets ?? {});
  if (!s.success) details.push(...zodIssuesToDetails(s.error.issues, ['secrets']));
  if (!c.success || !s.success || details.length) throw invalid('The channel is invalid.', details);
  return { type, config: c.data, secrets: s.data as Record<string, string> };
}

/** Fills every secret field the type has and `given` lacks (or `rotate` names) with a new random value. */
export function completeSecrets(
  type: ChannelType,
  given: Record<string, string>,
  rotate: readonly string[] = [],
): { secrets: Record<string, string>; generated: string[] } {
  const out = { ...given };
  const generated: string[] = [];
  const spec: ChannelTypeSpec = CHANNEL_TYPES[type];
  for (const field of secretFieldsOf(type)) {
    if (spec.provided?.includes(field)) continue;
    if (out[field] === undefined || rotate.includes(field)) {
      out[field] = randomToken(40);
      generated.push(field);
    }
  }
  return { secrets: out, generated };
}
