import type { AppContext } from '../../context.ts';
import type { GraphChannel } from '../meta/deliver.ts';
import { sendTestThroughGraph, sendThroughGraph } from '../meta/deliver.ts';
import type { OutboundMessage, TestMessage } from '../types.ts';

/** WhatsApp's text limit: the engine's and a person's replies (≤ 4000) fit in one message. */
export const WHATSAPP_TEXT_LIMIT = 4096;

/**
 * A reply on WhatsApp (contracts §3): `POST {graph}/{phone_number_id}/messages` with
 * `{messaging_product:"whatsapp", recipient_type:"individual", to, type:"text", text:{body}}`;
 * the answer's `messages[0].id` (a `wamid`) is what status receipts name.
 */
export const whatsAppGraph: GraphChannel = {
  type: 'whatsapp',
  label: 'WhatsApp',
  // Choices are written out ("(yes / no)"): interactive messages are not used yet.
  capabilities: { text: 'plain', buttons: false, speech: false },
  nodeIdOf: (config) => String(config['phoneNumberId']),
  bodiesFor: (to, rendered) => [
    {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: to.replace(/^\+/, ''),
      type: 'text',
      text: { body: rendered.text.slice(0, WHATSAPP_TEXT_LIMIT) },
    },
  ],
  messageIdOf: (response) => {
    const id = (response as { messages?: { id?: unknown }[] } | null)?.messages?.[0]?.id;
    return typeof id === 'string' ? id : undefined;
  },
};

export const sendWhatsApp = (ctx: AppContext, message: OutboundMessage) =>
  sendThroughGraph(ctx, whatsAppGraph, message);

export const sendWhatsAppTest = (ctx: AppContext, test: TestMessage) =>
  sendTestThroughGraph(ctx, whatsAppGraph, test);
