import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../server/context.ts';
import { principalOf } from '../server/plugins/auth.ts';
import { createConversation, getConversation, handBack, handleMessage, humanReply } from './service.ts';

const turnSchema = z.object({
  replies: z.array(z.object({ text: z.string() })),
  state: z.enum(['bot', 'awaiting_input', 'awaiting_confirmation', 'handed_off', 'closed']),
  trace: z
    .record(z.string(), z.unknown())
    .describe('Route scores, the chosen action or content, inputs, request and outputs.'),
});
const params = z.object({ conversationId: z.string() });

/**
 * Conversations over the API: the custom-channel primitive, what preview uses (`draft`
 * conversations may use unpublished actions, C7) and what `frontdesk chat` talks to.
 */
export async function conversationRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['conversations'];

  r.post(
    '/api/v1/agents/:agentId/conversations',
    {
      config: { scope: 'conversations:write' },
      schema: {
        tags,
        summary: 'Start a conversation with an agent',
        params: z.object({ agentId: z.string() }),
        body: z
          .object({
            channel: z
              .string()
              .regex(/^[a-z][a-z0-9_-]{0,31}$/)
              .default('api'),
            draft: z
              .boolean()
              .default(false)
              .describe('Preview: the agent may use draft (unpublished) actions.'),
            contact: z
              .object({
                name: z.string().trim().min(1).max(200).optional(),
                email: z.email().optional(),
                phone: z
                  .string()
                  .regex(/^\+[1-9]\d{6,14}$/, 'E.164, e.g. +14155550123')
                  .optional(),
                externalId: z.string().min(1).max(200).optional(),
                timeZone: z
                  .string()
                  .refine(
                    (tz) => Intl.supportedValuesOf('timeZone').includes(tz) || tz === 'UTC',
                    'an IANA time zone',
                  )
                  .optional(),
                verified: z
                  .array(z.enum(['email', 'phone', 'widget']))
                  .optional()
                  .describe(
                    'Identity your backend vouches for (the customer is signed in; the caller phone matched).',
                  ),
              })
              .optional(),
          })
          .default({ channel: 'api', draft: false }),
        response: {
          201: z.object({
            id: z.string(),
            state: z.string(),
            replies: z.array(z.object({ text: z.string() })),
          }),
        },
      },
    },
    async (req, reply) => {
      const c = await createConversation(ctx, principalOf(req).accountId, req.params.agentId, req.body);
      return reply.status(201).send({ id: c.id, state: c.state, replies: [{ text: c.greeting }] });
    },
  );
  r.post(
    '/api/v1/conversations/:conversationId/messages',
    {
      config: { scope: 'conversations:write' },
      schema: {
        tags,
        summary: "Send the customer's message and get the agent's replies",
        description:
          'Send `clientMessageId` to make a retry safe: the same id returns the same turn and never runs a write twice.',
        params,
        body: z.object({
          text: z.string().trim().min(1).max(4000),
          clientMessageId: z.string().min(1).max(200).optional(),
        }),
        response: { 200: turnSchema },
      },
    },
    async (req) => {
      const result = await handleMessage(
        ctx,
        principalOf(req).accountId,
        req.params.conversationId,
        req.body,
      );
      return { ...result, trace: { ...result.trace } };
    },
  );
  r.get(
    '/api/v1/conversations/:conversationId',
    {
      config: { scope: 'conversations:read' },
      schema: {
        tags,
        summary: 'A conversation with its transcript and handoffs',
        params,
        response: { 200: z.looseObject({ id: z.string() }) },
      },
    },
    async (req) => getConversation(ctx.db, principalOf(req).accountId, req.params.conversationId),
  );
  r.post(
    '/api/v1/conversations/:conversationId/handback',
    {
      config: { scope: 'conversations:write' },
      schema: {
        tags,
        summary: 'A person hands the conversation back to the agent',
        params,
        response: { 200: z.object({ state: z.literal('bot') }) },
      },
    },
    async (req) => handBack(ctx.db, principalOf(req).accountId, req.params.conversationId),
  );
  r.post(
    '/api/v1/conversations/:conversationId/human-replies',
    {
      config: { scope: 'conversations:write' },
      schema: {
        tags,
        summary: "A person's reply, kept in the transcript",
        params,
        body: z.object({ text: z.string().trim().min(1).max(4000) }),
      },
    },
    async (req, reply) => {
      await humanReply(ctx, principalOf(req).accountId, req.params.conversationId, req.body.text);
      return reply.status(204).send();
    },
  );
}
