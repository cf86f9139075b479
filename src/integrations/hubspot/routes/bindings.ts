import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getAgentRow } from '../../../agents/service.ts';
import type { AppContext } from '../../../context.ts';
import { modelPortFor } from '../../../conversations/model-port.ts';
import { principalOf } from '../../../server/plugins/auth.ts';
import { AppError } from '../../../shared/errors.ts';
import { describeBinding } from '../bindings/auto.ts';
import { describeWithModel } from '../bindings/describe-llm.ts';
import { type Binding, bindingKind, bindingSchema } from '../bindings/grammar.ts';
import { connectionStatus } from '../connection.ts';
import { listObjects } from '../schema.ts';
import { hasCustomObjectAccess } from '../scopes.ts';
import { presentCrmRun, runCrmSkill, validateCrmSkill } from '../skill-kind.ts';
import { deleteHubSpotSkill, getHubSpotSkill, listHubSpotSkills, saveBinding } from '../skills-store.ts';

const params = z.object({ agentId: z.string() });
const saved = z.object({
  id: z.string(),
  key: z.string(),
  kind: z.enum(['read', 'write']),
  binding: z.record(z.string(), z.unknown()),
});

/** Bindings (spec §D5): authored manually, by "describe it", or via the API grammars. */
export async function hubspotBindingRoutes(
  app: FastifyInstance,
  { ctx }: { ctx: AppContext },
): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['hubspot'];

  const schemaView = async (accountId: string) => {
    const objects = await listObjects(ctx, accountId);
    const { scopes } = await connectionStatus(ctx, accountId);
    return {
      objects,
      customObjectsGranted: hasCustomObjectAccess(scopes),
      granted: scopes,
      find: (ref: string) =>
        objects.find(
          (o) => o.name === ref || o.objectTypeId === ref || o.label.toLowerCase() === ref.toLowerCase(),
        ),
    };
  };
  const store = async (accountId: string, agentId: string, binding: Binding) => {
    const row = await saveBinding(ctx, accountId, agentId, binding);
    return { id: row.id, key: row.key, kind: row.kind, binding: row.definition };
  };

  r.post(
    '/api/v1/agents/:agentId/integrations/hubspot/bindings',
    {
      config: { scope: 'skills:write' },
      schema: {
        tags,
        summary: 'Author a binding (restSearch or restWrite), checked against the discovered schema',
        params,
        querystring: z.object({
          dryRun: z
            .enum(['true', 'false'])
            .optional()
            .describe(
              '`true`: only check it (200 with the binding as it would be saved); nothing is stored.',
            ),
        }),
        body: bindingSchema,
        response: {
          201: saved,
          200: z.object({ binding: z.record(z.string(), z.unknown()), kind: z.enum(['read', 'write']) }),
        },
      },
    },
    async (req, reply) => {
      const { accountId } = principalOf(req);
      await getAgentRow(ctx.db, accountId, req.params.agentId);
      await validateCrmSkill(ctx.db, accountId, req.body);
      if (req.query.dryRun === 'true')
        return reply
          .status(200)
          .send({ binding: req.body as unknown as Record<string, unknown>, kind: bindingKind(req.body) });
      return reply.status(201).send(await store(accountId, req.params.agentId, req.body));
    },
  );

  r.post(
    '/api/v1/agents/:agentId/integrations/hubspot/bindings/auto',
    {
      config: { scope: 'skills:write' },
      schema: {
        tags,
        summary:
          '"Describe it": map a plain-language goal to a validated binding (or a clear "could not map"), with the agent\'s model when it has one',
        description:
          'With a model configured on the agent, the model proposes the binding and it is validated like a hand-written one (422 `could_not_map` with each reason when it fails); without one, or when the model cannot be reached, a deterministic matcher over property names and labels answers. `method` says which.',
        params,
        body: z.object({
          goal: z.string().trim().min(3).max(500),
          object: z.string().max(200).optional().describe('Pin the object instead of inferring it.'),
          save: z.boolean().default(false).describe('Store it at once; otherwise it is returned for review.'),
        }),
        response: {
          200: z.object({
            binding: z.record(z.string(), z.unknown()),
            kind: z.enum(['read', 'write']),
            method: z
              .enum(['llm', 'matcher'])
              .describe("Who mapped the goal: the agent's model or the matcher."),
            saved: saved.nullable(),
          }),
        },
      },
    },
    async (req) => {
      const { accountId } = principalOf(req);
      const agent = await getAgentRow(ctx.db, accountId, req.params.agentId);
      const schema = await schemaView(accountId);
      const { goal, object } = req.body;
      const model = modelPortFor(agent, ctx.keyring);
      let method: 'llm' | 'matcher' = 'matcher';
      let binding: Binding | undefined;
      if (model) {
        try {
          binding = await describeWithModel(model, goal, schema, object);
          method = 'llm';
        } catch (e) {
          // The model's own answer failing validation is the answer; an unreachable model is not.
          if (!(e instanceof AppError) || e.code !== 'llm_unavailable') throw e;
          ctx.log.warn({ agentId: agent.id }, 'describe it: the model is unavailable; the matcher answers');
        }
      }
      binding ??= describeBinding(goal, schema, object);
      return {
        binding: binding as unknown as Record<string, unknown>,
        kind: bindingKind(binding),
        method,
        saved: req.body.save ? await store(accountId, req.params.agentId, binding) : null,
      };
    },
  );

  r.get(
    '/api/v1/agents/:agentId/integrations/hubspot/skills',
    {
      config: { scope: 'integrations:read' },
      schema: {
        tags,
        summary: "The agent's HubSpot skills (pack and bindings)",
        params,
        response: {
          200: z.object({
            skills: z.array(
              z.object({
                id: z.string(),
                agentId: z.string(),
                key: z.string(),
                source: z.enum(['pack', 'binding']),
                kind: z.enum(['read', 'write']),
                definition: z.record(z.string(), z.unknown()),
                createdAt: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const { accountId } = principalOf(req);
      await getAgentRow(ctx.db, accountId, req.params.agentId);
      return { skills: await listHubSpotSkills(ctx, accountId, req.params.agentId) };
    },
  );

  r.post(
    '/api/v1/agents/:agentId/integrations/hubspot/skills/:key/run',
    {
      config: { scope: 'skills:write' },
      schema: {
        tags,
        summary:
          'Run a HubSpot skill with sample inputs against the live connection (no conversation: no verified identity)',
        params: params.extend({ key: z.string() }),
        body: z.object({ inputs: z.record(z.string(), z.unknown()).default({}) }),
        response: {
          200: z.object({
            key: z.string(),
            kind: z.enum(['read', 'write']),
            outputs: z.unknown(),
            text: z.string(),
          }),
        },
      },
    },
    async (req) => {
      const { accountId } = principalOf(req);
      const skill = await getHubSpotSkill(ctx, accountId, req.params.agentId, req.params.key);
      const outputs = await runCrmSkill(ctx, { accountId, definition: skill.run, inputs: req.body.inputs });
      return { key: skill.key, kind: skill.kind, outputs, text: presentCrmRun(skill.run, outputs) };
    },
  );

  r.delete(
    '/api/v1/agents/:agentId/integrations/hubspot/skills/:key',
    {
      config: { scope: 'skills:write' },
      schema: {
        tags,
        summary: 'Remove a HubSpot skill (a binding, or a pack skill until the pack is installed again)',
        params: params.extend({ key: z.string().max(100) }),
      },
    },
    async (req, reply) => {
      const { accountId } = principalOf(req);
      await getAgentRow(ctx.db, accountId, req.params.agentId);
      await deleteHubSpotSkill(ctx, accountId, req.params.agentId, req.params.key);
      return reply.status(204).send();
    },
  );
}
