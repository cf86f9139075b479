import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { principalOf } from '../server/plugins/auth.ts';
import { publicBaseUrl } from '../server/public-url.ts';
import { conflict, invalid } from '../shared/errors.ts';
import { CHANNEL_TYPE_NAMES, CHANNEL_TYPES, type ChannelTypeSpec } from './channel-config.ts';
import { adapterFor } from './registry.ts';
import { findChannelRow } from './repository.ts';
import { DeliveryError } from './types.ts';

const channelTypeView = z.object({
  type: z.string(),
  config: z
    .record(z.string(), z.unknown())
    .describe("JSON Schema (draft 2020-12) of the type's config, generated from the server's own rules."),
  secrets: z
    .array(
      z.object({
        name: z.string(),
        minLength: z.number(),
        generated: z
          .boolean()
          .describe('true: left out, it is generated and shown once; false: only you know it, give it.'),
      }),
    )
    .describe('Write-only secret fields.'),
  publicId: z.boolean().describe('Pages embed the channel by a public id (the widget).'),
  webhookPath: z
    .string()
    .nullable()
    .describe('Where the provider posts, with {channelId} to fill in; null: the type has no webhook.'),
  canSendTest: z.boolean().describe('POST /api/v1/channels/{channelId}/test-message works for this type.'),
});

/** Secrets a type never generates (a mail server's password), for types that name them. */
const providedSecrets = (spec: ChannelTypeSpec): readonly string[] =>
  (spec as { provided?: readonly string[] }).provided ?? [];

/** The `/webhooks/{type}/{channelId}` route a type's provider posts to, when the server has one. */
function webhookPathOf(app: FastifyInstance, type: string): string | null {
  const url = `/webhooks/${type}/:channelId`;
  const has = app.hasRoute({ method: 'POST', url }) || app.hasRoute({ method: 'GET', url });
  return has ? `/webhooks/${type}/{channelId}` : null;
}

/**
 * What the setup screen needs to build a channel form for any type without a screen of its
 * own (E1, F1), and the check that a channel's address and credentials work.
 */
export async function channelSetupRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['channels'];

  r.get(
    '/api/v1/channel-types',
    {
      config: { scope: 'channels:read' },
      schema: {
        tags,
        summary: 'Channel types: config schema, secret fields, public id, webhook path, test support',
        response: {
          200: z.object({
            baseUrl: z.string().describe('The public origin webhook paths and the widget script are under.'),
            types: z.array(channelTypeView),
          }),
        },
      },
    },
    async (req) => ({
      baseUrl: publicBaseUrl(ctx, req),
      types: CHANNEL_TYPE_NAMES.map((type) => {
        const spec: ChannelTypeSpec = CHANNEL_TYPES[type];
        return {
          type,
          config: z.toJSONSchema(spec.config, { io: 'input', unrepresentable: 'any' }) as Record<
            string,
            unknown
          >,
          secrets: Object.entries(spec.secrets).map(([name, minLength]) => ({
            name,
            minLength,
            generated: !providedSecrets(spec).includes(name),
          })),
          publicId: spec.publicId,
          webhookPath: webhookPathOf(app, type),
          canSendTest: adapterFor(type).type === type && Boolean(adapterFor(type).sendTest),
        };
      }),
    }),
  );

  r.post(
    '/api/v1/channels/:channelId/test-message',
    {
      config: { scope: 'channels:write' },
      schema: {
        tags,
        summary: 'Send a test message through a channel, outside any conversation',
        description:
          "`to` is the channel's own address form (an email address, an E.164 phone number, a page-scoped id; a custom channel passes it on). 409 `test_not_supported` when the type cannot send unprompted (live chat, the API); 422 `test_message_failed` with the provider's reason when it did not go out.",
        params: z.object({ channelId: z.string() }),
        body: z.strictObject({
          to: z.string().trim().max(320).default(''),
          text: z.string().trim().min(1).max(1000),
        }),
        response: { 200: z.object({ sent: z.literal(true) }) },
      },
    },
    async (req) => {
      const accountId = principalOf(req).accountId;
      const row = await findChannelRow(ctx.db, accountId, req.params.channelId);
      const adapter = adapterFor(row.type);
      if (adapter.type !== row.type || !adapter.sendTest) {
        throw conflict(
          `A ${row.type} channel cannot send a message unprompted; open a conversation on it instead.`,
          'test_not_supported',
        );
      }
      try {
        await adapter.sendTest(ctx, { accountId, channelId: row.id, to: req.body.to, text: req.body.text });
      } catch (err) {
        const reason = err instanceof DeliveryError ? err.message : 'The test message could not be sent.';
        if (!(err instanceof DeliveryError))
          req.log.warn({ err: (err as Error).name }, 'test message failed');
        throw invalid(`The test message was not sent: ${reason}`, [], 'test_message_failed');
      }
      return { sent: true as const };
    },
  );
}
