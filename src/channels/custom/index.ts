import type { ChannelAdapter } from '../types.ts';
import { sendCustom, sendCustomTest } from './send.ts';

/** A custom channel: the business's own system, over HTTP both ways. */
export const customChannel: ChannelAdapter = {
  type: 'custom',
  capabilities: { text: 'plain', buttons: true, speech: false },
  send: sendCustom,
  sendTest: sendCustomTest,
};
