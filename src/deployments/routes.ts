import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { principalOf } from '../server/plugins/auth.ts';
import {
  createDeployment,
  deleteDeployment,
  getDeployment,
  listDeployments,
  updateDeployment,
} from './repository.ts';
import { createRule, deleteRule, getRule, listRules, updateRule } from './rules-repository.ts';
import {
  deploymentBodySchema,
  deploymentPatchSchema,
  deploymentView,
  routingRuleBodySchema,
  routingRulePatchSchema,
  routingRuleView,
} from './schema.ts';
import { getSwitch, setSwitch } from './switch.ts';

const switchView = z.object({ on: z.boolean(), updatedAt: z.string().nullable() });

/** Deployments (E2–E4), the on/off switch (E5) and routing rules (E7). */
export async function deploymentRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;
  const read = { scope: 'deployments:read' as const };
  const write = { scope: 'deployments:write' as const };
  const dep = { tags: ['deployments'] };
  const depParams = z.object({ deploymentId: z.string() });

  r.get(
    '/api/v1/deployments',
    {
      config: read,
      schema: {
        ...dep,
        summary: 'List deployments',
        response: { 200: z.object({ deployments: z.array(deploymentView) }) },
      },
    },
    async (req) => ({ deployments: await listDeployments(db, principalOf(req).accountId) }),
  );
  r.post(
    '/api/v1/deployments',
    {
      config: write,
      schema: {
        ...dep,
        summary:
          'Deploy an agent to a channel, with working hours and an assignment rule for when it is unavailable',
        body: deploymentBodySchema,
        response: { 201: deploymentView },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createDeployment(db, principalOf(req).accountId, req.body)),
  );
  r.get(
    '/api/v1/deployments/:deploymentId',
    {
      config: read,
      schema: { ...dep, summary: 'Get a deployment', params: depParams, response: { 200: deploymentView } },
    },
    async (req) => getDeployment(db, principalOf(req).accountId, req.params.deploymentId),
  );
  r.patch(
    '/api/v1/deployments/:deploymentId',
    {
      config: write,
      schema: {
        ...dep,
        summary: 'Change the agent, working hours or assignment rule of a deployment',
        params: depParams,
        body: deploymentPatchSchema,
        response: { 200: deploymentView },
      },
    },
    async (req) => updateDeployment(db, principalOf(req).accountId, req.params.deploymentId, req.body),
  );
  r.delete(
    '/api/v1/deployments/:deploymentId',
    { config: write, schema: { ...dep, summary: 'Remove the agent from the channel', params: depParams } },
    async (req, reply) => {
      await deleteDeployment(db, principalOf(req).accountId, req.params.deploymentId);
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/v1/agent-switch',
    {
      config: read,
      schema: {
        ...dep,
        summary: 'Whether the agent takes new conversations (account-wide)',
        response: { 200: switchView },
      },
    },
    async (req) => getSwitch(db, principalOf(req).accountId),
  );
  r.patch(
    '/api/v1/agent-switch',
    {
      config: write,
      schema: {
        ...dep,
        summary: 'Turn the agent on or off for new conversations on every channel; existing ones continue',
        body: z.strictObject({ on: z.boolean() }),
        response: { 200: switchView },
      },
    },
    async (req) => setSwitch(ctx, principalOf(req).accountId, req.body.on),
  );

  const rules = { tags: ['routing rules'] };
  const ruleParams = z.object({ ruleId: z.string() });
  r.get(
    '/api/v1/routing-rules',
    {
      config: read,
      schema: {
        ...rules,
        summary: 'Routing rules in evaluation order',
        response: { 200: z.object({ rules: z.array(routingRuleView) }) },
      },
    },
    async (req) => ({ rules: await listRules(db, principalOf(req).accountId) }),
  );
  r.post(
    '/api/v1/routing-rules',
    {
      config: write,
      schema: {
        ...rules,
        summary:
          'Add a routing rule; its JsonLogic condition is checked (unknown operator or variable → 422 with its path)',
        body: routingRuleBodySchema,
        response: { 201: routingRuleView },
      },
    },
    async (req, reply) => reply.status(201).send(await createRule(db, principalOf(req).accountId, req.body)),
  );
  r.get(
    '/api/v1/routing-rules/:ruleId',
    {
      config: read,
      schema: {
        ...rules,
        summary: 'Get a routing rule (by id or name)',
        params: ruleParams,
        response: { 200: routingRuleView },
      },
    },
    async (req) => getRule(db, principalOf(req).accountId, req.params.ruleId),
  );
  r.patch(
    '/api/v1/routing-rules/:ruleId',
    {
      config: write,
      schema: {
        ...rules,
        summary: 'Change a routing rule; `position` moves it in the order',
        params: ruleParams,
        body: routingRulePatchSchema,
        response: { 200: routingRuleView },
      },
    },
    async (req) => updateRule(db, principalOf(req).accountId, req.params.ruleId, req.body),
  );
  r.delete(
    '/api/v1/routing-rules/:ruleId',
    { config: write, schema: { ...rules, summary: 'Delete a routing rule', params: ruleParams } },
    async (req, reply) => {
      await deleteRule(db, principalOf(req).accountId, req.params.ruleId);
      return reply.status(204).send();
    },
  );
}
