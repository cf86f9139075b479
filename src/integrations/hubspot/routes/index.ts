import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../context.ts';
import { hubspotBindingRoutes } from './bindings.ts';
import { hubspotConnectRoutes } from './connect.ts';
import { hubspotPackRoutes } from './pack.ts';
import { hubspotSchemaRoutes } from './schema.ts';
import { hubspotWritebackRoutes } from './writeback.ts';

/** Every HubSpot connector route (spec §D9), one module per area. */
export async function hubspotRoutes(app: FastifyInstance, opts: { ctx: AppContext }): Promise<void> {
  await hubspotConnectRoutes(app, opts);
  await hubspotSchemaRoutes(app, opts);
  await hubspotPackRoutes(app, opts);
  await hubspotBindingRoutes(app, opts);
  await hubspotWritebackRoutes(app, opts);
}
