import type { ChannelAdapter } from '../types.ts';
import { sendLivechat } from './send.ts';

/** Live chat: the embeddable widget, over a WebSocket (routes.ts). */
export const livechatChannel: ChannelAdapter = {
  type: 'livechat',
  capabilities: { text: 'plain', buttons: true, speech: false },
  send: sendLivechat,
};
