import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../server/context.ts';
import { principalOf } from '../server/plugins/auth.ts';
import { invalid } from '../shared/errors.ts';
import { formatCitation } from './citation.ts';
import { answer } from './retrieve.ts';
import { addDocument, addFaq, decodeBase64, deleteSource, knowledgeIndexFor, listSources } from './store.ts';

const sourceSchema = z.looseObject({
  id: z.string(),
  kind: z.enum(['faq', 'document']),
  title: z.string(),
  createdAt: z.string(),
});
const agentParams = z.object({ agentId: z.string() });

/** Content sources (C5): FAQ entries and documents per agent, and a search to try them. */
export async function knowledgeRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;
  const tags = ['knowledge'];
  const base = '/api/v1/agents/:agentId/knowledge';

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
    async (req, reply) =>
      reply.status(201).send(await addFaq(db, principalOf(req).accountId, req.params.agentId, req.body)),
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
      const view = await addDocument(db, principalOf(req).accountId, req.params.agentId, {
        title: b.title,
        filename: b.filename,
        contentType: b.contentType,
        data,
      });
      return reply.status(201).send(view);
    },
  );
  r.delete(
    `${base}/:sourceId`,
    {
      config: { scope: 'knowledge:write' },
      schema: {
        tags,
        summary: 'Remove a content source',
        params: z.object({ agentId: z.string(), sourceId: z.string() }),
      },
    },
    async (req, reply) => {
      await deleteSource(db, principalOf(req).accountId, req.params.agentId, req.params.sourceId);
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
