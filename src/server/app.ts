import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { accessRoutes } from '../access/routes.ts';
import { integrationLogRoutes } from '../actions/log-routes.ts';
import { skillRoutes } from '../actions/routes.ts';
import { agentRoutes } from '../agents/routes.ts';
import { applyRoutes } from '../apply/routes.ts';
import { connectionRoutes } from '../connections/routes.ts';
import { conversationRoutes } from '../conversations/routes.ts';
import { DEMO_STORE_PATH } from '../demo/seed.ts';
import { demoStoreRoutes } from '../demo/store-api.ts';
import { hubspotRoutes } from '../integrations/hubspot/routes/index.ts';
import { knowledgeRoutes } from '../knowledge/routes.ts';
import type { AppContext } from './context.ts';
import { registerJsonParser } from './json-body.ts';
import { authPlugin } from './plugins/auth.ts';
import { errorsPlugin } from './plugins/errors.ts';
import { metricsPlugin } from './plugins/metrics.ts';
import { openapiPlugin } from './plugins/openapi.ts';
import { rateLimitPlugin } from './plugins/rate-limit.ts';
import { healthRoutes } from './routes/health.ts';
import { zodValidatorCompiler } from './validation.ts';

/** A route module: registered with the shared context. */
export type RouteModule = (app: FastifyInstance, opts: { ctx: AppContext }) => Promise<void>;

/** Every domain's routes, in one list: adding a domain is one line here. */
export const routeModules: RouteModule[] = [
  healthRoutes,
  accessRoutes,
  agentRoutes,
  connectionRoutes,
  skillRoutes,
  integrationLogRoutes,
  applyRoutes,
  knowledgeRoutes,
  conversationRoutes,
  hubspotRoutes,
];

export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger and Fastify's base logger type differ only in typing details.
    loggerInstance: ctx.log as unknown as FastifyBaseLogger,
    bodyLimit: ctx.config.bodyLimitBytes,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    trustProxy: true,
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  registerJsonParser(app);
  await app.register(errorsPlugin);
  await app.register(metricsPlugin);
  await app.register(openapiPlugin);
  await app.register(authPlugin, { ctx });
  await app.register(rateLimitPlugin, { perMinute: ctx.config.rateLimitPerMinute });
  for (const mod of routeModules) await app.register(mod, { ctx });
  if (ctx.config.demo) {
    await app.register(demoStoreRoutes, {
      prefix: DEMO_STORE_PATH,
      state: { refunds: [], passwordResets: [] },
    });
  }
  return app;
}
