import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { apiContact, contactSchema } from '../../conversations/contact-schema.ts';
import { unauthorized } from '../../shared/errors.ts';
import { sameSecret } from '../../shared/same-secret.ts';
import { loadChannelOfType } from '../channel-cache.ts';
import { receiveOnChannel } from '../pipeline.ts';

const inboundSchema = z.object({
  messageId: z
    .string()
    .min(1)
    .max(200)
    .describe('Your id for the message: a repeat of it is stored and answered once.'),
  contact: contactSchema
    .extend({
      id: z.string().min(1).max(200).describe("Your id for the customer (their conversation's key)."),
    })
    .describe('Who wrote. `id` is required; `verified` lists what your server vouches for, as on the API.'),
  text: z.string().trim().min(1).max(4000),
  properties: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('Facts routing rules can use, e.g. {"tier":"vip"}.'),
});

/**
 * A custom channel's inbound door (E1): the business's server posts a customer's message
 * with the channel key (`Authorization: Bearer <channelKey>`); it is stored before the
 * answer (202) and processed as a job; replies go to the channel's webhook, signed.
 */
export async function customChannelRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/webhooks/custom/:channelId',
    {
      schema: {
        tags: ['channels'],
        summary: "A custom channel's inbound message",
        description:
          'Authenticate with the channel key as a bearer token. Replies are POSTed to the channel webhook URL with `X-Frontdesk-Signature: t=<unix>,v1=<hex HMAC-SHA256(webhookSecret, "<t>.<raw body>")>`; refuse timestamps older than 5 minutes.',
        params: z.object({ channelId: z.string().max(100) }),
        body: inboundSchema,
        response: {
          202: z.object({ conversationId: z.string(), messageId: z.string(), duplicate: z.boolean() }),
        },
      },
      // The key is checked before the body is read: a caller without it learns nothing.
      onRequest: async (req) => {
        const { channelId } = req.params as { channelId: string };
        const channel = await loadChannelOfType(ctx.db, ctx.keyring, channelId, 'custom');
        const given = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
        const key = channel?.secrets['channelKey'] ?? '';
        if (!channel || !key || !sameSecret(given, key))
          throw unauthorized('The channel key is missing or wrong.');
        req.channel = channel.row;
      },
    },
    async (req, reply) => {
      const channel = req.channel!;
      const { id, ...rest } = req.body.contact;
      const contact = apiContact({ ...rest, externalId: id });
      const properties = req.body.properties ?? {};
      const got = await receiveOnChannel(
        ctx,
        channel,
        contact,
        {
          contact: {
            ...(typeof properties['tier'] === 'string' ? { tier: properties['tier'] } : {}),
            properties,
          },
          conversation: { text: req.body.text },
        },
        { text: req.body.text, channelMessageId: req.body.messageId },
      );
      return reply
        .status(202)
        .send({ conversationId: got.conversationId, messageId: got.messageId, duplicate: got.duplicate });
    },
  );
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The registered channel a webhook request authenticated as. */
    channel?: import('../../store/schema.ts').ChannelRow;
  }
}
