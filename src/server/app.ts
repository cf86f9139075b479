import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { accessRoutes } from '../access/routes.ts';
import { sessionRoutes } from '../access/session-routes.ts';
import { integrationLogRoutes } from '../actions/log-routes.ts';
import { skillRoutes } from '../actions/routes.ts';
import { agentRoutes } from '../agents/routes.ts';
import { applyRoutes } from '../apply/routes.ts';
import { customChannelRoutes } from '../channels/custom/routes.ts';
import { livechatRoutes } from '../channels/livechat/routes.ts';
import { messengerRoutes } from '../channels/messenger/routes.ts';
import { channelRoutes } from '../channels/routes.ts';
import { channelSetupRoutes } from '../channels/setup-routes.ts';
import { twilioSmsRoutes } from '../channels/twilio-sms/routes.ts';
import { twilioVoiceRoutes } from '../channels/twilio-voice/routes.ts';
import { whatsAppRoutes } from '../channels/whatsapp/routes.ts';
import { connectionRoutes } from '../connections/routes.ts';
import type { AppContext } from '../context.ts';
import { conversationRoutes } from '../conversations/routes.ts';
import { creditRoutes } from '../credits/routes.ts';
import { DemoMailbox, demoMailboxRoutes } from '../demo/mailbox.ts';
import { DEMO_STORE_PATH } from '../demo/seed.ts';
import { demoStoreRoutes } from '../demo/store-api.ts';
import { deploymentRoutes } from '../deployments/routes.ts';
import { inboxRoutes } from '../inbox/routes.ts';
import { inboxStreamRoutes } from '../inbox/stream-route.ts';
import { hubspotRoutes } from '../integrations/hubspot/routes/index.ts';
import { knowledgeRoutes } from '../knowledge/routes.ts';
import { teamRoutes } from '../teams/routes.ts';
import { registerInputGuards } from './input-guards.ts';
import { registerJsonParser } from './json-body.ts';
import { authPlugin } from './plugins/auth.ts';
import { authFailuresPlugin } from './plugins/auth-failures.ts';
import { clientErrorHandler, errorsPlugin, frameworkErrors } from './plugins/errors.ts';
import { metricsPlugin } from './plugins/metrics.ts';
import { openapiPlugin } from './plugins/openapi.ts';
import { rateLimitPlugin } from './plugins/rate-limit.ts';
import { webPlugin } from './plugins/web.ts';
import { healthRoutes } from './routes/health.ts';
import { zodValidatorCompiler } from './validation.ts';

/** A route module: registered with the shared context. */
export type RouteModule = (app: FastifyInstance, opts: { ctx: AppContext }) => Promise<void>;

/** Every domain's routes, in one list: adding a domain is one line here. */
export const routeModules: RouteModule[] = [
  healthRoutes,
  accessRoutes,
  sessionRoutes,
  agentRoutes,
  connectionRoutes,
  skillRoutes,
  integrationLogRoutes,
  applyRoutes,
  knowledgeRoutes,
  conversationRoutes,
  channelRoutes,
  deploymentRoutes,
  teamRoutes,
  creditRoutes,
  customChannelRoutes,
  livechatRoutes,
  whatsAppRoutes,
  messengerRoutes,
  channelSetupRoutes,
  hubspotRoutes,
  inboxRoutes,
  inboxStreamRoutes,
  twilioSmsRoutes,
  twilioVoiceRoutes,
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
    // Off unless the operator says a proxy sits in front: otherwise any client could pick
    // its own address (and rate-limit bucket) with X-Forwarded-For.
    // A hop count is supported at run time although Fastify's types omit it.
    trustProxy: ctx.config.trustProxy as boolean | string,
    frameworkErrors,
    clientErrorHandler,
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
  await app.register(openapiPlugin, { publicUrl: ctx.config.publicUrl });
  registerInputGuards(app);
  await app.register(authFailuresPlugin, { perMinute: ctx.config.authFailuresPerMinute });
  await app.register(fastifyCookie);
  await app.register(authPlugin, { ctx });
  await app.register(rateLimitPlugin, { perMinute: ctx.config.rateLimitPerMinute });
  for (const mod of routeModules) await app.register(mod, { ctx });
  await app.register(webPlugin);
  if (ctx.config.demo) {
    await app.register(demoStoreRoutes, {
      prefix: DEMO_STORE_PATH,
      state: { refunds: [], passwordResets: [] },
    });
    await app.register(demoMailboxRoutes, {
      mailbox: ctx.mailer instanceof DemoMailbox ? ctx.mailer : null,
    });
  }
  return app;
}
