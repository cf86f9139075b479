import type { ChannelAdapter } from '../types.ts';
import { notifyLivechat } from './send.ts';

/** Live chat: the embeddable widget, over a WebSocket (routes.ts). */
export const livechatChannel: ChannelAdapter = {
  type: 'livechat',
  capabilities: { text: 'plain', buttons: true, speech: false },
  // Also `send`: a message queued by an earlier version is still delivered by its outbox job.
  send: notifyLivechat,
  notify: notifyLivechat,
};
