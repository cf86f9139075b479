import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { registerMetaWebhook } from '../meta/webhook.ts';
import { handleMessenger } from './inbound.ts';
import { messengerPayload } from './payload.ts';

/** `GET|POST /webhooks/messenger/:channelId`: the callback URL to give Meta. */
export async function messengerRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  registerMetaWebhook(app, ctx, {
    type: 'messenger',
    label: 'Messenger',
    payload: messengerPayload,
    handle: handleMessenger,
  });
}
