import type { ChannelAdapter } from '../types.ts';
import { sendEmail, sendEmailTest } from './send.ts';

/** Email: inbound over SMTP (`smtp-listener.ts`), replies over the channel's SMTP server. */
export const emailChannel: ChannelAdapter = {
  type: 'email',
  capabilities: { text: 'plain', buttons: false, speech: false },
  send: sendEmail,
  sendTest: sendEmailTest,
};
