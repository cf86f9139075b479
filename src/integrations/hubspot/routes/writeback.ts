import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../context.ts';
import { principalOf } from '../../../server/plugins/auth.ts';
import { getWritebackSettings, patchWritebackSettings } from '../writeback/settings.ts';

const mode = z.enum(['off', 'summary', 'summary_transcript']);
const onNoMatch = z.enum(['skip', 'create']);
const settings = z.object({
  mode,
  onNoMatch,
  enabledAt: z.string().nullable().describe('Since when conversations are logged; earlier ones never are.'),
  skippedCount: z.number().int().describe('Conversations skipped because no contact matched.'),
});

/** Interaction logging (spec §D4): read and change the write-back settings. */
export async function hubspotWritebackRoutes(
  app: FastifyInstance,
  { ctx }: { ctx: AppContext },
): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['hubspot'];
  r.get(
    '/api/v1/integrations/hubspot/writeback',
    {
      config: { scope: 'integrations:read' },
      schema: {
        tags,
        summary: 'Interaction logging settings and the skipped count',
        response: { 200: settings },
      },
    },
    async (req) => getWritebackSettings(ctx, principalOf(req).accountId),
  );
  r.patch(
    '/api/v1/integrations/hubspot/writeback',
    {
      config: { scope: 'integrations:write' },
      schema: {
        tags,
        summary: 'Change interaction logging; omitted fields are left unchanged',
        body: z.object({ mode: mode.optional(), onNoMatch: onNoMatch.optional() }).strict(),
        response: { 200: settings },
      },
    },
    async (req) => patchWritebackSettings(ctx, principalOf(req).accountId, req.body),
  );
}
