import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { principalOf } from '../server/plugins/auth.ts';
import { agentCreateSchema, agentPatchSchema, agentSchema } from './model.ts';
import { assertModelAddress } from './model-address.ts';
import { createAgent, deleteAgent, getAgentRow, listAgents, toAgent, updateAgent } from './service.ts';

const params = z.object({ agentId: z.string() });

export async function agentRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;
  const tags = ['agents'];

  r.get(
    '/api/v1/agents',
    {
      config: { scope: 'agents:read' },
      schema: { tags, summary: 'List agents', response: { 200: z.object({ agents: z.array(agentSchema) }) } },
    },
    async (req) => ({ agents: await listAgents(db, principalOf(req).accountId) }),
  );
  r.post(
    '/api/v1/agents',
    {
      config: { scope: 'agents:write' },
      schema: { tags, summary: 'Create an agent', body: agentCreateSchema, response: { 201: agentSchema } },
    },
    async (req, reply) => {
      assertModelAddress(req.body.model, ctx.config.modelHosts);
      return reply.status(201).send(await createAgent(db, principalOf(req).accountId, req.body, ctx.keyring));
    },
  );
  r.get(
    '/api/v1/agents/:agentId',
    {
      config: { scope: 'agents:read' },
      schema: { tags, summary: 'Get an agent', params, response: { 200: agentSchema } },
    },
    async (req) => toAgent(await getAgentRow(db, principalOf(req).accountId, req.params.agentId)),
  );
  r.patch(
    '/api/v1/agents/:agentId',
    {
      config: { scope: 'agents:write' },
      schema: {
        tags,
        summary: "Change an agent's identity and guidelines (omitted fields stay as they are)",
        params,
        body: agentPatchSchema,
        response: { 200: agentSchema },
      },
    },
    async (req) => {
      assertModelAddress(req.body.model, ctx.config.modelHosts);
      return updateAgent(db, principalOf(req).accountId, req.params.agentId, req.body, ctx.keyring);
    },
  );
  r.delete(
    '/api/v1/agents/:agentId',
    { config: { scope: 'agents:write' }, schema: { tags, summary: 'Delete an agent', params } },
    async (req, reply) => {
      await deleteAgent(db, principalOf(req).accountId, req.params.agentId);
      return reply.status(204).send();
    },
  );
}
