import type { ChannelAdapter } from '../types.ts';

/**
 * Phone calls through Twilio Voice: replies are spoken in the call's own answer (TwiML),
 * so a reply is delivered when its turn commits and there is nothing to send later.
 */
export const twilioVoiceChannel: ChannelAdapter = {
  type: 'twilio-voice',
  capabilities: { text: 'plain', buttons: false, speech: true },
};
