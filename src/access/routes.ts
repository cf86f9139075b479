import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../server/context.ts';
import { principalOf } from '../server/plugins/auth.ts';
import { notFound } from '../shared/errors.ts';
import { assertGrantable, createApiKey, listApiKeys, revokeApiKey } from './api-keys.ts';
import { SCOPES } from './scopes.ts';

const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().describe('Visible start of the key, e.g. fdk_AbCd1234.'),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export async function accessRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;

  r.get(
    '/api/v1/account',
    {
      config: { scope: 'account:read' },
      schema: {
        tags: ['account'],
        summary: "The caller's account and the key's scopes",
        response: {
          200: z.object({
            account: z.object({ id: z.string(), name: z.string(), createdAt: z.string() }),
            key: z.object({ id: z.string(), scopes: z.array(z.string()) }),
          }),
        },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const acc = await db
        .selectFrom('accounts')
        .selectAll()
        .where('id', '=', p.accountId)
        .executeTakeFirst();
      if (!acc) throw notFound('Account');
      return {
        account: { id: acc.id, name: acc.name, createdAt: acc.created_at.toISOString() },
        key: { id: p.keyId, scopes: [...p.scopes].sort() },
      };
    },
  );

  r.get(
    '/api/v1/api-keys',
    {
      config: { scope: 'api_keys:read' },
      schema: {
        tags: ['api keys'],
        summary: "List the account's API keys (never the keys themselves)",
        response: { 200: z.object({ apiKeys: z.array(apiKeySchema) }) },
      },
    },
    async (req) => ({ apiKeys: await listApiKeys(db, principalOf(req).accountId) }),
  );

  r.post(
    '/api/v1/api-keys',
    {
      config: { scope: 'api_keys:write' },
      schema: {
        tags: ['api keys'],
        summary: 'Create an API key; the key is returned once, in this response only',
        body: z.object({
          name: z.string().trim().min(1).max(120),
          scopes: z.array(z.enum(SCOPES)).min(1),
        }),
        response: { 201: apiKeySchema.extend({ key: z.string() }) },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      assertGrantable(p, req.body.scopes);
      const { key, view } = await createApiKey(db, { accountId: p.accountId, ...req.body });
      return reply.status(201).send({ ...view, key });
    },
  );

  r.delete(
    '/api/v1/api-keys/:id',
    {
      config: { scope: 'api_keys:write' },
      schema: {
        tags: ['api keys'],
        summary: 'Revoke an API key (it stops working at once)',
        params: z.object({ id: z.string() }),
        response: { 200: apiKeySchema },
      },
    },
    async (req) => revokeApiKey(db, principalOf(req).accountId, req.params.id),
  );
}
