import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { registerMetaWebhook } from '../meta/webhook.ts';
import { handleWhatsApp } from './inbound.ts';
import { waPayload } from './payload.ts';

/** `GET|POST /webhooks/whatsapp/:channelId`: the callback URL to give Meta. */
export async function whatsAppRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  registerMetaWebhook(app, ctx, {
    type: 'whatsapp',
    label: 'WhatsApp',
    payload: waPayload,
    handle: handleWhatsApp,
  });
}
