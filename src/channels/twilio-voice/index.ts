import type { ChannelAdapter } from '../types.ts';
import { sendToCall } from './pending.ts';

/**
 * Phone calls through Twilio Voice: the agent's replies are spoken in the call's own answer
 * (TwiML), so they are delivered when their turn commits. A person's message waits for
 * the call's next turn, or fails once the call has ended (pending.ts).
 */
export const twilioVoiceChannel: ChannelAdapter = {
  type: 'twilio-voice',
  capabilities: { text: 'plain', buttons: false, speech: true },
  send: sendToCall,
  sends: ['human', 'system'],
};
