import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getAgentRow } from '../../../agents/service.ts';
import type { AppContext } from '../../../context.ts';
import { principalOf } from '../../../server/plugins/auth.ts';
import { PACK, PACK_KEYS } from '../pack/definitions.ts';
import { installPack, listHubSpotSkills } from '../skills-store.ts';

const packSkill = z.object({
  key: z.string(),
  name: z.string(),
  description: z.string(),
  kind: z.enum(['read', 'write']),
  gated: z.boolean().describe('Confirmed with the customer first, never run in parallel.'),
  requiresVerifiedIdentity: z.boolean(),
  inputs: z.array(
    z.object({ name: z.string(), type: z.string(), required: z.boolean(), description: z.string() }),
  ),
  installed: z.boolean().optional().describe('With `agentId`: whether that agent has it.'),
});

/** The Connector Pack (spec §D2): what it holds, and installing it for an agent (idempotent). */
export async function hubspotPackRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['hubspot'];

  r.get(
    '/api/v1/integrations/hubspot/pack',
    {
      config: { scope: 'integrations:read' },
      schema: {
        tags,
        summary: "The HubSpot Connector Pack's seven skills (with `agentId`, each one's install state)",
        querystring: z.object({ agentId: z.string().max(100).optional() }),
        response: { 200: z.object({ skills: z.array(packSkill) }) },
      },
    },
    async (req) => {
      const { accountId } = principalOf(req);
      let installed: Set<string> | undefined;
      if (req.query.agentId) {
        await getAgentRow(ctx.db, accountId, req.query.agentId);
        installed = new Set(
          (await listHubSpotSkills(ctx, accountId, req.query.agentId))
            .filter((s) => s.source === 'pack')
            .map((s) => s.key),
        );
      }
      return {
        skills: PACK_KEYS.map((k) => {
          const { triggers: _t, ...p } = PACK[k];
          return { ...p, ...(installed && { installed: installed.has(k) }) };
        }),
      };
    },
  );

  r.post(
    '/api/v1/agents/:agentId/integrations/hubspot/pack/install',
    {
      config: { scope: 'skills:write' },
      schema: {
        tags,
        summary: 'Install the Connector Pack for an agent; skills it already has come back `created: false`',
        params: z.object({ agentId: z.string() }),
        response: {
          200: z.object({
            skills: z.array(
              z.object({ key: z.string(), kind: z.enum(['read', 'write']), created: z.boolean() }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const { accountId } = principalOf(req);
      await getAgentRow(ctx.db, accountId, req.params.agentId);
      return { skills: await installPack(ctx, accountId, req.params.agentId) };
    },
  );
}
