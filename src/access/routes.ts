import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { principalOf } from '../server/plugins/auth.ts';
import { forbidden } from '../shared/errors.ts';
import { accountPatchSchema, accountViewSchema, getAccount, updateAccount } from './account-settings.ts';
import { assertGrantable, createApiKey, listApiKeys, revokeApiKey } from './api-keys.ts';
import { accessChanged } from './key-cache.ts';
import { SCOPES, scopesForRole } from './scopes.ts';
import { createUser, deleteUser, getUser, listUsers, updateUserRole } from './users.ts';

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
        summary: "The caller's account, its settings and the key's scopes",
        response: {
          200: z.object({
            account: accountViewSchema,
            key: z.object({ id: z.string(), scopes: z.array(z.string()) }),
          }),
        },
      },
    },
    async (req) => {
      const p = principalOf(req);
      return {
        account: await getAccount(db, p.accountId),
        key: { id: p.keyId, scopes: [...p.scopes].sort() },
      };
    },
  );
  r.patch(
    '/api/v1/account',
    {
      config: { scope: 'account:write' },
      schema: {
        tags: ['account'],
        summary: "Change the account's name or settings (e.g. integration log retention)",
        body: accountPatchSchema,
        response: { 200: z.object({ account: accountViewSchema }) },
      },
    },
    async (req) => ({ account: await updateAccount(db, principalOf(req).accountId, req.body) }),
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
          userId: z
            .string()
            .min(1)
            .max(100)
            .optional()
            .describe("The user the key acts for; its scopes must fit the user's role."),
        }),
        response: { 201: apiKeySchema.extend({ key: z.string() }) },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      assertGrantable(p, req.body.scopes);
      if (req.body.userId) {
        const user = await getUser(db, p.accountId, req.body.userId);
        const allowed = new Set<string>(scopesForRole(user.role));
        const beyond = req.body.scopes.filter((s) => !allowed.has(s));
        if (beyond.length) {
          throw forbidden(`A ${user.role} cannot hold: ${beyond.join(', ')}.`, 'scope_beyond_role');
        }
      }
      const { userId, ...rest } = req.body;
      const { key, view } = await createApiKey(db, {
        accountId: p.accountId,
        ...rest,
        createdBy: userId ?? null,
      });
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
    async (req) => {
      const { accountId } = principalOf(req);
      const revoked = await revokeApiKey(db, accountId, req.params.id);
      await accessChanged(ctx, accountId);
      return revoked;
    },
  );

  const userSchema = z.object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(['viewer', 'editor', 'admin']),
    createdAt: z.string(),
  });
  const userParams = z.object({ userId: z.string() });
  const utags = ['users'];
  r.get(
    '/api/v1/users',
    {
      config: { scope: 'users:read' },
      schema: {
        tags: utags,
        summary: "The account's users and roles",
        response: { 200: z.object({ users: z.array(userSchema) }) },
      },
    },
    async (req) => ({ users: await listUsers(db, principalOf(req).accountId) }),
  );
  r.post(
    '/api/v1/users',
    {
      config: { scope: 'users:write' },
      schema: {
        tags: utags,
        summary: 'Add a user: viewer (reads), editor (creates, edits and manages the agent) or admin',
        body: z.object({
          email: z.email(),
          name: z.string().trim().min(1).max(200),
          role: z.enum(['viewer', 'editor', 'admin']),
        }),
        response: { 201: userSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await createUser(db, principalOf(req).accountId, req.body)),
  );
  r.get(
    '/api/v1/users/:userId',
    {
      config: { scope: 'users:read' },
      schema: { tags: utags, summary: 'A user', params: userParams, response: { 200: userSchema } },
    },
    async (req) => getUser(db, principalOf(req).accountId, req.params.userId),
  );
  r.patch(
    '/api/v1/users/:userId',
    {
      config: { scope: 'users:write' },
      schema: {
        tags: utags,
        summary: "Change a user's role (their keys narrow at once)",
        params: userParams,
        body: z.object({ role: z.enum(['viewer', 'editor', 'admin']) }),
        response: { 200: userSchema },
      },
    },
    async (req) => {
      const { accountId } = principalOf(req);
      const user = await updateUserRole(db, accountId, req.params.userId, req.body.role);
      await accessChanged(ctx, accountId);
      return user;
    },
  );
  r.delete(
    '/api/v1/users/:userId',
    {
      config: { scope: 'users:write' },
      schema: { tags: utags, summary: 'Remove a user and revoke their keys', params: userParams },
    },
    async (req, reply) => {
      await deleteUser(db, principalOf(req).accountId, req.params.userId);
      await accessChanged(ctx, principalOf(req).accountId);
      return reply.status(204).send();
    },
  );
}
