import { z } from 'zod';
import { parseOrThrow } from '../actions/definition/issues.ts';
import { invalid, zodIssuesToDetails } from '../shared/errors.ts';
import { allowedHostProblem } from './auth/allowed-hosts.ts';
import { apiKeyHeaderProblem } from './auth/header-names.ts';

/**
 * A connection: how actions authenticate against an API (B4). The public part
 * (`ConnectionDefinition`) can be shown and exported; the secrets (`ConnectionSecrets`) are
 * write-only, kept apart so the store can encrypt them and the API never echoes them.
 */
export const CONNECTION_TYPES = [
  'none',
  'api_key',
  'bearer',
  'basic',
  'oauth2_client_credentials',
  'hubspot_signature_v3',
] as const;
export type ConnectionType = (typeof CONNECTION_TYPES)[number];

export const CONNECTION_KEY = /^[a-z][a-z0-9_]{0,63}$/;
const QUERY_PARAMETER = /^[A-Za-z0-9_.\-[\]]{1,128}$/;

const allowedHost = z
  .string()
  .trim()
  .transform((h) => h.toLowerCase())
  .superRefine((h, ctx) => {
    const problem = allowedHostProblem(h);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const common = {
  key: z.string().regex(CONNECTION_KEY, 'Use a-z, 0-9 and _, starting with a letter (at most 64).'),
  name: z.string().trim().min(1).max(100),
  description: z.string().max(1000).optional(),
  /** Hosts the credentials may be sent to; absent means the action's own host only. */
  allowedHosts: z.array(allowedHost).min(1).max(20).optional(),
};

const httpUrl = z
  .string()
  .max(2048)
  .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), 'Use an absolute https URL.');

const noneConnection = z.strictObject({ ...common, type: z.literal('none') });
const apiKeyConnection = z
  .strictObject({
    ...common,
    type: z.literal('api_key'),
    in: z.enum(['header', 'query']),
    parameterName: z.string(),
  })
  .superRefine((c, ctx) => {
    const problem =
      c.in === 'header'
        ? apiKeyHeaderProblem(c.parameterName)
        : QUERY_PARAMETER.test(c.parameterName)
          ? undefined
          : 'A query parameter name uses letters, digits and _ . - [ ] only, at most 128 characters.';
    if (problem) ctx.addIssue({ code: 'custom', path: ['parameterName'], message: problem });
  });
const bearerConnection = z.strictObject({ ...common, type: z.literal('bearer') });
const basicConnection = z.strictObject({
  ...common,
  type: z.literal('basic'),
  username: z
    .string()
    .min(1)
    .max(256)
    .regex(/^[^:\r\n]*$/, 'A user name cannot contain ":" or line breaks.'),
});
const oauthConnection = z.strictObject({
  ...common,
  type: z.literal('oauth2_client_credentials'),
  tokenUrl: httpUrl,
  clientId: z.string().min(1).max(512),
  scope: z.string().max(2000).optional(),
  audience: z.string().max(2000).optional(),
  /** RFC 6749 §2.3.1: servers must support HTTP Basic, so it is the default. */
  clientAuthMethod: z.enum(['client_secret_basic', 'client_secret_post']).default('client_secret_basic'),
});
const hubspotConnection = z.strictObject({ ...common, type: z.literal('hubspot_signature_v3') });

export const connectionDefinitionSchema = z.discriminatedUnion('type', [
  noneConnection,
  apiKeyConnection,
  bearerConnection,
  basicConnection,
  oauthConnection,
  hubspotConnection,
]);
export type ConnectionDefinition = z.output<typeof connectionDefinitionSchema>;
export type ConnectionDefinitionInput = z.input<typeof connectionDefinitionSchema>;

// Secrets go into headers, so a line break would be header injection.
const secret = z
  .string()
  .min(1)
  .max(8192)
  .regex(/^[^\r\n\0]*$/, 'A secret cannot contain line breaks.');

export const connectionSecretsSchemas = {
  none: z.strictObject({}),
  api_key: z.strictObject({ apiKey: secret }),
  bearer: z.strictObject({ token: secret }),
  basic: z.strictObject({ password: secret }),
  oauth2_client_credentials: z.strictObject({ clientSecret: secret }),
  hubspot_signature_v3: z.strictObject({ clientSecret: secret }),
} as const satisfies Record<ConnectionType, z.ZodType>;

export type SecretsFor<T extends ConnectionType> = z.output<(typeof connectionSecretsSchemas)[T]>;
export type ConnectionSecrets = { [T in ConnectionType]: SecretsFor<T> }[ConnectionType];

/** A connection ready to use: its public definition and its decrypted secrets. */
export interface ResolvedConnection {
  definition: ConnectionDefinition;
  secrets: ConnectionSecrets;
}

export function validateConnectionDefinition(value: unknown): ConnectionDefinition {
  return parseOrThrow(connectionDefinitionSchema, value, 'connection');
}

export function validateConnectionSecrets(type: ConnectionType, value: unknown): ConnectionSecrets {
  return parseOrThrow(z.object({ secrets: connectionSecretsSchemas[type] }), { secrets: value }, 'connection')
    .secrets;
}

/**
 * The API/config shape: the definition plus a write-only `secrets` object, validated
 * together so every problem is reported at once with its path (`secrets.apiKey`).
 */
export function validateConnectionInput(value: unknown): ResolvedConnection {
  const { secrets, ...rest } =
    value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const definition = connectionDefinitionSchema.safeParse(rest);
  const details = definition.success ? [] : zodIssuesToDetails(definition.error.issues);
  const type = rest['type'];
  let parsedSecrets: ConnectionSecrets | undefined;
  if (typeof type === 'string' && Object.hasOwn(connectionSecretsSchemas, type)) {
    const result = connectionSecretsSchemas[type as ConnectionType].safeParse(secrets ?? {});
    if (result.success) parsedSecrets = result.data;
    else details.push(...zodIssuesToDetails(result.error.issues, ['secrets']));
  }
  if (!definition.success || parsedSecrets === undefined || details.length > 0) {
    throw invalid('The connection is invalid.', details);
  }
  return { definition: definition.data, secrets: parsedSecrets };
}
