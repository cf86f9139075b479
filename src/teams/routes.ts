import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { principalOf } from '../server/plugins/auth.ts';
import { createTeam, deleteTeam, getTeam, listTeams, updateTeam } from './repository.ts';

const teamView = z.object({
  id: z.string(),
  name: z.string(),
  members: z.array(z.object({ userId: z.string(), name: z.string(), email: z.string() })),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const name = z.string().trim().min(1).max(100);
const members = z
  .array(z.string().min(1))
  .max(500)
  .describe('User ids or emails of this account, in round-robin order.');
const params = z.object({ teamId: z.string() });

/** Teams of users with round-robin assignment (E8). */
export async function teamRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;
  const tags = ['teams'];
  r.get(
    '/api/v1/teams',
    {
      config: { scope: 'teams:read' },
      schema: { tags, summary: 'List teams', response: { 200: z.object({ teams: z.array(teamView) }) } },
    },
    async (req) => ({ teams: await listTeams(db, principalOf(req).accountId) }),
  );
  r.post(
    '/api/v1/teams',
    {
      config: { scope: 'teams:write' },
      schema: {
        tags,
        summary: 'Create a team',
        body: z.object({ name, members: members.default([]) }),
        response: { 201: teamView },
      },
    },
    async (req, reply) => reply.status(201).send(await createTeam(db, principalOf(req).accountId, req.body)),
  );
  r.get(
    '/api/v1/teams/:teamId',
    {
      config: { scope: 'teams:read' },
      schema: { tags, summary: 'Get a team (by id or name)', params, response: { 200: teamView } },
    },
    async (req) => getTeam(db, principalOf(req).accountId, req.params.teamId),
  );
  r.patch(
    '/api/v1/teams/:teamId',
    {
      config: { scope: 'teams:write' },
      schema: {
        tags,
        summary: 'Rename a team or replace its members',
        params,
        body: z.object({ name: name.optional(), members: members.optional() }),
        response: { 200: teamView },
      },
    },
    async (req) => updateTeam(db, principalOf(req).accountId, req.params.teamId, req.body),
  );
  r.delete(
    '/api/v1/teams/:teamId',
    {
      config: { scope: 'teams:write' },
      schema: { tags, summary: 'Delete a team no deployment or routing rule uses', params },
    },
    async (req, reply) => {
      await deleteTeam(db, principalOf(req).accountId, req.params.teamId);
      return reply.status(204).send();
    },
  );
}
