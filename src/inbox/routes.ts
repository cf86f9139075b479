import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { closeConversation, handBack } from '../conversations/commands.ts';
import { principalOf } from '../server/plugins/auth.ts';
import { invalid } from '../shared/errors.ts';
import { actingUser, addNote, assertUser, assignFromInbox, replyFromInbox, userOf } from './commands.ts';
import { listInbox } from './list.ts';
import { ownerNow } from './owner-now.ts';
import {
  assignBody,
  conversationView,
  listQuery,
  listResponse,
  noteBody,
  noteResponse,
  ownerResponse,
  replyBody,
  replyResponse,
} from './schema.ts';
import { inboxConversation } from './transcript.ts';

const params = z.object({ conversationId: z.string() });
const item = '/api/v1/inbox/conversations/:conversationId';

/**
 * The human inbox (E8): list and filter, read a transcript, and act — reply on the
 * conversation's channel, leave internal notes, assign, close, hand back to the agent.
 * Viewers read; editors and admins act (conversations:write).
 */
export async function inboxRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;
  const tags = ['inbox'];
  const account = (req: FastifyRequest) => principalOf(req).accountId;

  r.get(
    '/api/v1/inbox/conversations',
    {
      config: { scope: 'conversations:read' },
      schema: {
        tags,
        summary: 'List conversations in an inbox view, newest activity first',
        querystring: listQuery,
        response: { 200: listResponse },
      },
    },
    async (req) => {
      const { userId, ...q } = req.query;
      const mineUserId = q.view === 'mine' ? await mineOf(req, userId) : null;
      return listInbox(db, account(req), { ...q, mineUserId });
    },
  );
  /** Whose conversations `mine` lists: the caller's own, or (a key of no user) the `userId` given. */
  const mineOf = async (req: FastifyRequest, userId: string | undefined) => {
    const p = principalOf(req);
    if (userId !== undefined) {
      await assertUser(db, p.accountId, userId, 'userId');
      return userId;
    }
    const self = await userOf(db, p);
    if (!self)
      throw invalid('This API key is no user’s: view=mine needs the userId whose conversations to list.', [
        { path: 'userId', message: 'required for view=mine with an API key of no user' },
      ]);
    return self;
  };

  r.get(
    item,
    {
      config: { scope: 'conversations:read' },
      schema: {
        tags,
        summary:
          'A conversation with its transcript, the actions that ran, the handoff summary and internal notes',
        params,
        response: { 200: conversationView },
      },
    },
    async (req) => inboxConversation(db, account(req), req.params.conversationId),
  );

  r.post(
    `${item}/reply`,
    {
      config: { scope: 'conversations:write' },
      schema: {
        tags,
        summary: "A person's reply, delivered on the conversation's channel",
        description:
          'The reply goes out through the outbox on the channel the conversation came from. The person who replies takes a conversation nobody had (the agent, the unassigned queue or a team queue): the agent stays silent in it until it is handed back. 409 when the conversation is closed.',
        params,
        body: replyBody,
        response: { 200: replyResponse },
      },
    },
    async (req) => {
      const userId = await actingUser(db, principalOf(req), req.body.userId);
      const sent = await replyFromInbox(ctx, account(req), req.params.conversationId, req.body.text, userId);
      return { messageId: sent.messageId, ...(await ownerNow(db, account(req), req.params.conversationId)) };
    },
  );

  r.post(
    `${item}/notes`,
    {
      config: { scope: 'conversations:write' },
      schema: {
        tags,
        summary: 'Add an internal note (never sent to the customer, never read by the agent)',
        params,
        body: noteBody,
        response: { 201: noteResponse },
      },
    },
    async (req, reply) => {
      const userId = await actingUser(db, principalOf(req), req.body.userId);
      return reply
        .status(201)
        .send(await addNote(ctx, account(req), req.params.conversationId, req.body.text, userId));
    },
  );

  r.post(
    `${item}/assign`,
    {
      config: { scope: 'conversations:write' },
      schema: {
        tags,
        summary: 'Assign to a person, or to a team (its next member by round robin)',
        params,
        body: assignBody,
        response: { 200: ownerResponse },
      },
    },
    async (req) => {
      await assignFromInbox(ctx, account(req), req.params.conversationId, req.body);
      return ownerNow(db, account(req), req.params.conversationId);
    },
  );

  r.post(
    `${item}/close`,
    {
      config: { scope: 'conversations:write' },
      schema: {
        tags,
        summary: 'Close the conversation (409 if it is closed already)',
        params,
        response: { 200: ownerResponse },
      },
    },
    async (req) => {
      await closeConversation(ctx, account(req), req.params.conversationId);
      return ownerNow(db, account(req), req.params.conversationId);
    },
  );

  r.post(
    `${item}/hand-back`,
    {
      config: { scope: 'conversations:write' },
      schema: {
        tags,
        summary: 'Hand the conversation back to the agent (409 if it is with the agent or closed)',
        params,
        response: { 200: ownerResponse },
      },
    },
    async (req) => {
      await handBack(ctx, account(req), req.params.conversationId);
      return ownerNow(db, account(req), req.params.conversationId);
    },
  );
}
