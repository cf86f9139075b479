import type { ChannelAdapter } from '../types.ts';
import { sendSms, sendSmsTest } from './send.ts';

/** SMS through Twilio: plain text in, plain text out through the Messages API. */
export const twilioSmsChannel: ChannelAdapter = {
  type: 'twilio-sms',
  capabilities: { text: 'plain', buttons: false, speech: false },
  send: sendSms,
  sendTest: sendSmsTest,
};
