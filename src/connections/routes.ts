import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { principalOf } from '../server/plugins/auth.ts';
import { CONNECTION_TYPES } from './definition.ts';
import {
  connectionPublicView,
  createConnection,
  deleteConnection,
  getConnection,
  listConnections,
  updateConnection,
} from './store.ts';

const connectionResponse = z.looseObject({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  type: z.enum(CONNECTION_TYPES),
  secretsSet: z.array(z.string()).describe('Which secret fields are set; their values are never returned.'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const connectionBody = z
  .looseObject({
    key: z.string(),
    name: z.string(),
    type: z.enum(CONNECTION_TYPES),
    secrets: z.record(z.string(), z.string()).optional(),
  })
  .describe(
    'none | api_key {in: header|query, parameterName} | bearer | basic {username} | oauth2_client_credentials {tokenUrl, clientId, scope?, audience?} | hubspot_signature_v3; optional allowedHosts. Secrets (write-only): apiKey | token | password | clientSecret.',
  );
const params = z.object({ connectionId: z.string() });

/** Connections (B4): how actions authenticate. Secrets are write-only and encrypted at rest. */
export async function connectionRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, keyring } = ctx;
  const tags = ['connections'];

  r.get(
    '/api/v1/connections',
    {
      config: { scope: 'connections:read' },
      schema: {
        tags,
        summary: 'List connections',
        response: { 200: z.object({ connections: z.array(connectionResponse) }) },
      },
    },
    async (req) => ({
      connections: (await listConnections(db, keyring, principalOf(req).accountId)).map(connectionPublicView),
    }),
  );
  r.post(
    '/api/v1/connections',
    {
      config: { scope: 'connections:write' },
      schema: {
        tags,
        summary: 'Create a connection',
        body: connectionBody,
        response: { 201: connectionResponse },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          connectionPublicView(await createConnection(db, keyring, principalOf(req).accountId, req.body)),
        ),
  );
  r.get(
    '/api/v1/connections/:connectionId',
    {
      config: { scope: 'connections:read' },
      schema: {
        tags,
        summary: 'Get a connection (by id or key)',
        params,
        response: { 200: connectionResponse },
      },
    },
    async (req) =>
      connectionPublicView(
        await getConnection(db, keyring, principalOf(req).accountId, req.params.connectionId),
      ),
  );
  r.patch(
    '/api/v1/connections/:connectionId',
    {
      config: { scope: 'connections:write' },
      schema: {
        tags,
        summary: 'Change a connection; `secrets` replaces only the fields it names',
        params,
        body: z.record(z.string(), z.unknown()),
        response: { 200: connectionResponse },
      },
    },
    async (req) =>
      connectionPublicView(
        await updateConnection(db, keyring, principalOf(req).accountId, req.params.connectionId, req.body),
      ),
  );
  r.delete(
    '/api/v1/connections/:connectionId',
    {
      config: { scope: 'connections:write' },
      schema: { tags, summary: 'Delete a connection no published action uses', params },
    },
    async (req, reply) => {
      await deleteConnection(db, principalOf(req).accountId, req.params.connectionId);
      return reply.status(204).send();
    },
  );
}
