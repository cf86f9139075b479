import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { receive } from '../channels/pipeline.ts';
import type { AppContext } from '../context.ts';
import { actingUser } from '../inbox/commands.ts';
import { principalOf } from '../server/plugins/auth.ts';
import { closeConversation, handBack, humanReply, startConversation } from './commands.ts';
import { apiContact, contactSchema } from './contact-schema.ts';
import { presentConversation } from './present.ts';

const turnSchema = z.object({
  replies: z.array(z.object({ text: z.string() })),
  state: z.enum(['bot', 'awaiting_input', 'awaiting_confirmation', 'handed_off', 'closed']),
  trace: z
    .record(z.string(), z.unknown())
    .describe('Route scores, the chosen action or content, inputs, request and outputs.'),
});
const params = z.object({ conversationId: z.string() });

/**
 * Conversations over the API — the `api` channel: what preview uses (`draft`
 * conversations may use unpublished actions, C7) and what `frontdesk chat` talks to. A
 * message is stored first, then processed; the answer waits (bounded) for the turn.
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
            contact: contactSchema.optional(),
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
      const c = await startConversation(ctx, principalOf(req).accountId, {
        agentId: req.params.agentId,
        channel: req.body.channel,
        draft: req.body.draft,
        contact: apiContact(req.body.contact ?? {}),
      });
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
          'The message is stored before it is processed. Send `clientMessageId` to make a retry safe: the same id is stored once, returns the same turn and never runs a write twice. 202 when the turn did not finish within the wait (read the replies from the conversation later).',
        params,
        body: z.object({
          text: z.string().trim().min(1).max(4000),
          clientMessageId: z.string().min(1).max(200).optional(),
        }),
        response: {
          200: turnSchema,
          202: z.object({ messageId: z.string(), accepted: z.literal(true) }),
        },
      },
    },
    async (req, reply) => {
      const got = await receive(
        ctx,
        {
          accountId: principalOf(req).accountId,
          conversationId: req.params.conversationId,
          text: req.body.text,
          channelMessageId: req.body.clientMessageId,
        },
        { waitMs: ctx.config.replyWaitMs },
      );
      if (!got.result) return reply.status(202).send({ messageId: got.messageId, accepted: true });
      return { ...got.result, trace: { ...got.result.trace } };
    },
  );
  r.get(
    '/api/v1/conversations/:conversationId',
    {
      config: { scope: 'conversations:read' },
      schema: {
        tags,
        summary: 'A conversation with its transcript (with delivery states), contact identities and handoffs',
        params,
        response: { 200: z.looseObject({ id: z.string() }) },
      },
    },
    async (req) => presentConversation(ctx.db, principalOf(req).accountId, req.params.conversationId),
  );
  r.post(
    '/api/v1/conversations/:conversationId/close',
    {
      config: { scope: 'conversations:write' },
      schema: {
        tags,
        summary: 'Close the conversation (a new message from the customer starts a new one)',
        params,
        response: { 200: z.object({ status: z.literal('closed') }) },
      },
    },
    async (req) => {
      await closeConversation(ctx, principalOf(req).accountId, req.params.conversationId);
      return { status: 'closed' as const };
    },
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
    async (req) => {
      await handBack(ctx, principalOf(req).accountId, req.params.conversationId);
      return { state: 'bot' as const };
    },
  );
  r.post(
    '/api/v1/conversations/:conversationId/human-replies',
    {
      config: { scope: 'conversations:write' },
      schema: {
        tags,
        summary: "A person's reply, kept in the transcript and sent on the conversation's channel",
        params,
        body: z.object({
          text: z.string().trim().min(1).max(4000),
          userId: z
            .string()
            .trim()
            .min(1)
            .max(100)
            .optional()
            .describe(
              "With an API key: the user who writes (the reply carries their name, e.g. in the widget); a user's key always writes as its user.",
            ),
        }),
      },
    },
    async (req, reply) => {
      const { accountId } = principalOf(req);
      const author = await actingUser(ctx.db, principalOf(req), req.body.userId);
      await humanReply(ctx, accountId, req.params.conversationId, req.body.text, author);
      return reply.status(204).send();
    },
  );
}
