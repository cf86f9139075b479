import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { principalOf } from '../server/plugins/auth.ts';
import { invalid } from '../shared/errors.ts';
import { formatCitation } from './citation.ts';
import { publishKnowledgeChanged } from './events.ts';
import { answer } from './retrieve.ts';
import {
  addDocument,
  addFaq,
  decodeBase64,
  deleteSource,
  getSource,
  knowledgeIndexFor,
  listSources,
  updateSource,
} from './store.ts';
import { websiteRoutes } from './website/routes.ts';

const sourceSchema = z.looseObject({
  id: z.string(),
  kind: z.enum(['faq', 'document', 'website']),
  title: z.string(),
  createdAt: z.string(),
  enabled: z.boolean(),
  state: z.enum(['queued', 'indexing', 'ready', 'failed']),
  stateReason: z.string().nullable(),
  lastSyncedAt: z.string().nullable(),
});
const sourceParams = z.object({ agentId: z.string(), sourceId: z.string() });
const agentParams = z.object({ agentId: z.string() });

/**
 * Content sources (C5): FAQ entries, documents and websites per agent, each with a state and
 * an on/off switch, and a search to try them. Every change is published on `knowledge_changed` (events.ts)
 * ({accountId, agentId}) so caches of the agent's index can be dropped.
 */
export async function knowledgeRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;
  const tags = ['knowledge'];
  const base = '/api/v1/agents/:agentId/knowledge';
  const changed = (accountId: string, agentId: string) =>
    publishKnowledgeChanged(ctx.events, accountId, agentId);
  await websiteRoutes(app, { ctx, sourceSchema });

  r.get(
    base,
    {
      config: { scope: 'knowledge:read' },
      schema: {
        tags,
        summary: "List the agent's content sources",
        params: agentParams,
        response: { 200: z.object({ sources: z.array(sourceSchema) }) },
      },
    },
    async (req) => ({ sources: await listSources(db, principalOf(req).accountId, req.params.agentId) }),
  );
  r.post(
    `${base}/faqs`,
    {
      config: { scope: 'knowledge:write' },
      schema: {
        tags,
        summary: 'Add an FAQ entry',
        params: agentParams,
        body: z.object({
          question: z.string().trim().min(3).max(500),
          answer: z.string().trim().min(1).max(10_000),
        }),
        response: { 201: sourceSchema },
      },
    },
    async (req, reply) => {
      const { accountId } = principalOf(req);
      const view = await addFaq(db, accountId, req.params.agentId, req.body);
      await changed(accountId, req.params.agentId);
      return reply.status(201).send(view);
    },
  );
  r.post(
    `${base}/documents`,
    {
      config: { scope: 'knowledge:write' },
      schema: {
        tags,
        summary: 'Add a document (Markdown, HTML, plain text or PDF)',
        description: 'Send `content` as text, or `contentBase64` for binary files such as PDF.',
        params: agentParams,
        body: z.object({
          title: z.string().trim().max(200).optional(),
          filename: z.string().trim().max(255).optional(),
          contentType: z.string().min(3).max(100),
          content: z.string().optional(),
          contentBase64: z.string().optional(),
        }),
        response: { 201: sourceSchema },
      },
    },
    async (req, reply) => {
      const b = req.body;
      if ((b.content === undefined) === (b.contentBase64 === undefined)) {
        throw invalid('Send exactly one of content and contentBase64.', [
          { path: 'content', message: 'exactly one of content, contentBase64' },
        ]);
      }
      const data = b.content ?? decodeBase64(b.contentBase64!, 'contentBase64');
      const { accountId } = principalOf(req);
      const view = await addDocument(db, accountId, req.params.agentId, {
        title: b.title,
        filename: b.filename,
        contentType: b.contentType,
        data,
      });
      await changed(accountId, req.params.agentId);
      return reply.status(201).send(view);
    },
  );
  r.get(
    `${base}/:sourceId`,
    {
      config: { scope: 'knowledge:read' },
      schema: {
        tags,
        summary: 'A content source with its state',
        params: sourceParams,
        response: { 200: sourceSchema },
      },
    },
    async (req) => getSource(db, principalOf(req).accountId, req.params.agentId, req.params.sourceId),
  );
  r.patch(
    `${base}/:sourceId`,
    {
      config: { scope: 'knowledge:write' },
      schema: {
        tags,
        summary: 'Turn a content source on or off, or rename it',
        description: 'A source that is off is kept (and a website keeps syncing) but never used for answers.',
        params: sourceParams,
        body: z.object({
          enabled: z.boolean().optional(),
          title: z.string().trim().min(1).max(200).optional(),
        }),
        response: { 200: sourceSchema },
      },
    },
    async (req) => {
      const { accountId } = principalOf(req);
      const view = await updateSource(db, accountId, req.params.agentId, req.params.sourceId, req.body);
      await changed(accountId, req.params.agentId);
      return view;
    },
  );
  r.delete(
    `${base}/:sourceId`,
    {
      config: { scope: 'knowledge:write' },
      schema: {
        tags,
        summary: 'Remove a content source',
        params: sourceParams,
      },
    },
    async (req, reply) => {
      const { accountId } = principalOf(req);
      await deleteSource(db, accountId, req.params.agentId, req.params.sourceId);
      await changed(accountId, req.params.agentId);
      return reply.status(204).send();
    },
  );
  r.get(
    `${base}/search`,
    {
      config: { scope: 'knowledge:read' },
      schema: {
        tags,
        summary: 'Ask the content sources a question, as the agent would',
        params: agentParams,
        querystring: z.object({ q: z.string().trim().min(1).max(500) }),
        response: {
          200: z.object({ answer: z.looseObject({ answer: z.string(), source: z.string() }).nullable() }),
        },
      },
    },
    async (req) => {
      const index = await knowledgeIndexFor(db, principalOf(req).accountId, req.params.agentId);
      const found = index ? answer(index, req.query.q) : null;
      return { answer: found ? { ...found, source: formatCitation(found.citation) } : null };
    },
  );
}
