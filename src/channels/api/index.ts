import type { ChannelAdapter } from '../types.ts';

/**
 * The REST conversation API as a channel: the caller's synchronous answer carries the
 * replies, so an outbound message is delivered when its turn commits.
 */
export const apiChannel: ChannelAdapter = {
  type: 'api',
  capabilities: { text: 'plain', buttons: false, speech: false },
};
