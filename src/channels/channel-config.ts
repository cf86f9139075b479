import { z } from 'zod';
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
} as const satisfies Record<string, ChannelTypeSpec>;

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
  for (const field of secretFieldsOf(type)) {
    if (out[field] === undefined || rotate.includes(field)) {
      out[field] = randomToken(40);
      generated.push(field);
    }
  }
  return { secrets: out, generated };
}
