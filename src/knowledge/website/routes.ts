import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { principalOf } from '../../server/plugins/auth.ts';
import { conflict, invalid } from '../../shared/errors.ts';
import { parseDevHosts } from '../../shared/http/dev-hosts.ts';
import { OutboundError } from '../../shared/http/errors.ts';
import { checkOutboundUrl } from '../../shared/http/url-policy.ts';
import { addWebsite, getSource, sourceRow } from '../store.ts';
import { enqueueWebsiteSync } from './jobs.ts';
import { MAX_DEPTH_LIMIT, MAX_PAGES_LIMIT, websiteContent } from './settings.ts';

const agentParams = z.object({ agentId: z.string() });
const sourceParams = z.object({ agentId: z.string(), sourceId: z.string() });

/** Website sources (C5): add a page, a section or a sitemap; sync it now. */
export async function websiteRoutes(
  app: FastifyInstance,
  { ctx, sourceSchema }: { ctx: AppContext; sourceSchema: z.ZodType },
): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['knowledge'];
  const base = '/api/v1/agents/:agentId/knowledge';

  r.post(
    `${base}/websites`,
    {
      config: { scope: 'knowledge:write' },
      schema: {
        tags,
        summary: 'Add a website source (a page, a site section or a sitemap)',
        description:
          'The site is crawled in the background: same origin and path prefix, robots.txt respected, ' +
          'within maxPages and maxDepth; it is re-synced every syncEveryHours. The source is returned ' +
          'queued; its state becomes ready (or failed, with a reason) when the first sync ends.',
        params: agentParams,
        body: z.object({
          url: z.string().trim().min(1).max(2000),
          title: z.string().trim().min(1).max(200).optional(),
          scope: z.enum(['page', 'section', 'sitemap']).optional(),
          maxPages: z.number().int().min(1).max(MAX_PAGES_LIMIT).optional(),
          maxDepth: z.number().int().min(0).max(MAX_DEPTH_LIMIT).optional(),
          syncEveryHours: z
            .number()
            .int()
            .min(1)
            .max(24 * 30)
            .optional(),
        }),
        response: { 201: sourceSchema },
      },
    },
    async (req, reply) => {
      const { url: raw, title, ...options } = req.body;
      let url: URL;
      try {
        url = checkOutboundUrl(raw, parseDevHosts(ctx.config.devHosts)).url;
      } catch (error) {
        if (!(error instanceof OutboundError)) throw error;
        throw invalid(error.message, [{ path: 'url', message: error.message }], error.errorClass);
      }
      const content = websiteContent(url, options);
      const { accountId } = principalOf(req);
      const view = await addWebsite(
        ctx.db,
        accountId,
        req.params.agentId,
        title ?? url.host + url.pathname,
        content,
      );
      await enqueueWebsiteSync(ctx, view.id);
      return reply.status(201).send(view);
    },
  );

  r.post(
    `${base}/:sourceId/sync`,
    {
      config: { scope: 'knowledge:write' },
      schema: {
        tags,
        summary: 'Re-sync a website source now',
        params: sourceParams,
        response: { 202: sourceSchema },
      },
    },
    async (req, reply) => {
      const { accountId } = principalOf(req);
      const row = await sourceRow(ctx.db, accountId, req.params.agentId, req.params.sourceId);
      if (row.kind !== 'website') throw conflict('Only website sources are synced.', 'not_a_website');
      if (row.state !== 'indexing') {
        await ctx.db
          .updateTable('knowledge_sources')
          .set({ state: 'queued' })
          .where('id', '=', row.id)
          .execute();
      }
      await enqueueWebsiteSync(ctx, row.id);
      return reply.status(202).send(await getSource(ctx.db, accountId, req.params.agentId, row.id));
    },
  );

  r.get(
    `${base}/:sourceId/pages`,
    {
      config: { scope: 'knowledge:read' },
      schema: {
        tags,
        summary: "A website source's pages as of its last sync",
        params: sourceParams,
        response: {
          200: z.object({
            pages: z.array(
              z.object({
                url: z.string(),
                title: z.string(),
                sections: z.number(),
                fetchedAt: z.string(),
                updatedAt: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const row = await sourceRow(
        ctx.db,
        principalOf(req).accountId,
        req.params.agentId,
        req.params.sourceId,
      );
      const pages = await ctx.db
        .selectFrom('knowledge_pages')
        .select(['url', 'title', 'sections', 'fetched_at', 'updated_at'])
        .where('source_id', '=', row.id)
        .orderBy('url')
        .execute();
      return {
        pages: pages.map((p) => ({
          url: p.url,
          title: p.title,
          sections: (p.sections as unknown[]).length,
          fetchedAt: p.fetched_at.toISOString(),
          updatedAt: p.updated_at.toISOString(),
        })),
      };
    },
  );
}
