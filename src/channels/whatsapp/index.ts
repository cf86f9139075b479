import type { ChannelAdapter } from '../types.ts';
import { sendWhatsApp, sendWhatsAppTest, whatsAppGraph } from './send.ts';

/** WhatsApp through Meta's Cloud API (E1): webhooks in (routes.ts), Graph API out. */
export const whatsAppChannel: ChannelAdapter = {
  type: 'whatsapp',
  capabilities: whatsAppGraph.capabilities,
  send: (ctx, message) => sendWhatsApp(ctx, message),
  sendTest: (ctx, test) => sendWhatsAppTest(ctx, test),
};
