import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { principalOf } from '../server/plugins/auth.ts';
import { queryLog } from './integration-log.ts';

/** The integration log (B11), newest first. */
export async function integrationLogRoutes(
  app: FastifyInstance,
  { ctx }: { ctx: AppContext },
): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/integration-log',
    {
      config: { scope: 'integration_log:read' },
      schema: {
        tags: ['integration log'],
        summary: 'Action executions (test, preview, live) with sensitive inputs masked',
        querystring: z.object({
          actionId: z.string().optional(),
          actionKey: z.string().optional(),
          conversationId: z.string().optional(),
          status: z.enum(['ok', 'error']).optional(),
          since: z.iso.datetime({ offset: true }).optional().describe('Entries at or after this moment.'),
          until: z.iso.datetime({ offset: true }).optional().describe('Entries before this moment.'),
          cursor: z.string().max(200).optional().describe('`nextCursor` of the previous page.'),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: {
          200: z.object({
            entries: z.array(z.looseObject({ id: z.string() })),
            nextCursor: z
              .string()
              .nullable()
              .describe('Pass as `cursor` for the next (older) page; null on the last.'),
          }),
        },
      },
    },
    async (req) => {
      const q = req.query;
      return queryLog(ctx.db, principalOf(req).accountId, {
        ...q,
        since: q.since ? new Date(q.since) : undefined,
        until: q.until ? new Date(q.until) : undefined,
      });
    },
  );
}
