import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.ts';
import { principalOf } from '../server/plugins/auth.ts';
import { addTopUp, creditsOverview, currentCreditAccount, updateCredits } from './repository.ts';
import { creditsPatchSchema, creditsView, topUpBodySchema, usageQuerySchema, usageView } from './schema.ts';
import { creditUsage } from './usage.ts';

/** Credits (E6): allotment, reset date, purchased and automatic top-ups, usage. */
export async function creditRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;
  const tags = ['credits'];
  r.get(
    '/api/v1/credits',
    {
      config: { scope: 'credits:read' },
      schema: {
        tags,
        summary: 'Allotment, balance, reset date, automatic top-up and recent top-ups',
        response: { 200: creditsView },
      },
    },
    async (req) => creditsOverview(db, principalOf(req).accountId),
  );
  r.patch(
    '/api/v1/credits',
    {
      config: { scope: 'credits:write' },
      schema: {
        tags,
        summary:
          'Set the allotment per period (null = unlimited), the period, the reset date, automatic top-up',
        body: creditsPatchSchema,
        response: { 200: creditsView },
      },
    },
    async (req) => {
      const accountId = principalOf(req).accountId;
      await updateCredits(db, accountId, req.body);
      return creditsOverview(db, accountId);
    },
  );
  r.post(
    '/api/v1/credits/top-ups',
    {
      config: { scope: 'credits:write' },
      schema: {
        tags,
        summary: 'Add a purchased credit pack (carries over resets)',
        body: topUpBodySchema,
        response: { 201: creditsView },
      },
    },
    async (req, reply) => {
      const accountId = principalOf(req).accountId;
      await addTopUp(db, accountId, { ...req.body, source: 'purchase' });
      return reply.status(201).send(await creditsOverview(db, accountId));
    },
  );
  r.get(
    '/api/v1/credits/usage',
    {
      config: { scope: 'credits:read' },
      schema: {
        tags,
        summary: 'Credits used per day (UTC), channel and agent',
        querystring: usageQuerySchema,
        response: { 200: usageView },
      },
    },
    async (req) => {
      const accountId = principalOf(req).accountId;
      const to = req.query.to ? new Date(req.query.to) : new Date();
      const current = await currentCreditAccount(db, accountId);
      const from = req.query.from
        ? new Date(req.query.from)
        : (current?.period_start ?? new Date(to.getTime() - 30 * 86_400_000));
      return creditUsage(db, accountId, from, to);
    },
  );
}
