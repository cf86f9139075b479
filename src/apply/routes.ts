import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { principalOf } from '../server/plugins/auth.ts';
import { forbidden } from '../shared/errors.ts';
import { applyResources } from './apply.ts';
import { exportResources } from './export.ts';
import { applyBodySchema } from './resources.ts';

const WRITE_SCOPES = {
  Agent: 'agents:write',
  Connection: 'connections:write',
  Action: 'actions:write',
  Flow: 'actions:write',
  Faq: 'knowledge:write',
  Document: 'knowledge:write',
  Channel: 'channels:write',
  Team: 'teams:write',
  Deployment: 'deployments:write',
  RoutingRule: 'deployments:write',
} as const;

/** Kinds export includes only when the key can read them, so older narrow keys keep working. */
const READ_SCOPES = {
  Channel: 'channels:read',
  Team: 'teams:read',
  Deployment: 'deployments:read',
  RoutingRule: 'deployments:read',
} as const;

/** Configuration as code over the API (what `frontdesk apply -f` and `export` use). */
export async function applyRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/v1/config/apply',
    {
      schema: {
        tags: ['config as code'],
        summary:
          'Create or update agents, connections, actions, flows, content sources, channels, teams, deployments and routing rules idempotently, in one transaction',
        description:
          'Needs the write scope of every kind it touches (agents:write, connections:write, actions:write, knowledge:write, channels:write, teams:write, deployments:write).',
        body: applyBodySchema,
        response: {
          200: z.object({
            results: z.array(
              z.object({
                kind: z.string(),
                name: z.string(),
                result: z.enum(['created', 'updated', 'unchanged']),
              }),
            ),
            changed: z.number(),
          }),
        },
      },
    },
    async (req) => {
      const p = principalOf(req);
      for (const res of req.body.resources) {
        const scope = WRITE_SCOPES[res.kind];
        if (!p.scopes.has(scope))
          throw forbidden(`This API key lacks the "${scope}" scope.`, 'missing_scope');
      }
      const results = await applyResources(ctx.db, ctx.keyring, p.accountId, req.body.resources, {
        dryRun: req.body.dryRun,
      });
      return { results, changed: results.filter((x) => x.result !== 'unchanged').length };
    },
  );
  r.get(
    '/api/v1/config/export',
    {
      schema: {
        tags: ['config as code'],
        summary: 'The account configuration as resources (secrets never included)',
        description:
          'Needs agents:read, connections:read, actions:read and knowledge:read; channels, teams, deployments and routing rules are included when the key can read them.',
        response: { 200: z.object({ resources: z.array(z.looseObject({ kind: z.string() })) }) },
      },
    },
    async (req) => {
      const p = principalOf(req);
      for (const scope of ['agents:read', 'connections:read', 'actions:read', 'knowledge:read']) {
        if (!p.scopes.has(scope))
          throw forbidden(`This API key lacks the "${scope}" scope.`, 'missing_scope');
      }
      const kinds = new Set(
        (Object.keys(READ_SCOPES) as (keyof typeof READ_SCOPES)[]).filter((k) =>
          p.scopes.has(READ_SCOPES[k]),
        ),
      );
      return { resources: await exportResources(ctx.db, p.accountId, kinds) };
    },
  );
}
