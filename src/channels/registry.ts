import { apiChannel } from './api/index.ts';
import { customChannel } from './custom/index.ts';
import { emailChannel } from './email/index.ts';
import { livechatChannel } from './livechat/index.ts';
import { messengerChannel } from './messenger/index.ts';
import { twilioSmsChannel } from './twilio-sms/index.ts';
import { twilioVoiceChannel } from './twilio-voice/index.ts';
import type { ChannelAdapter } from './types.ts';
import { whatsAppChannel } from './whatsapp/index.ts';

/** Every channel adapter by type: adding a channel is one entry here and a folder beside. */
const adapters = new Map<string, ChannelAdapter>(
  [
    apiChannel,
    customChannel,
    livechatChannel,
    whatsAppChannel,
    messengerChannel,
    twilioSmsChannel,
    twilioVoiceChannel,
    emailChannel,
  ].map((a) => [a.type, a]),
);

export function registerChannel(adapter: ChannelAdapter): void {
  adapters.set(adapter.type, adapter);
}

/** The adapter for a conversation's channel; unknown types behave like the API channel. */
export const adapterFor = (type: string): ChannelAdapter => adapters.get(type) ?? apiChannel;
