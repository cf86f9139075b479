import type { ChannelAdapter } from '../types.ts';
import { messengerGraph, sendMessenger, sendMessengerTest } from './send.ts';

/** Facebook Messenger for a Page (E1): webhooks in (routes.ts), Graph API out, quick replies for choices. */
export const messengerChannel: ChannelAdapter = {
  type: 'messenger',
  capabilities: messengerGraph.capabilities,
  send: (ctx, message) => sendMessenger(ctx, message),
  sendTest: (ctx, test) => sendMessengerTest(ctx, test),
};
