import type { AppContext } from '../../context.ts';
import type { Hours } from '../../deployments/hours.ts';
import type { ChannelRow } from '../../store/schema.ts';
import { loadChannelOfType } from '../channel-cache.ts';

/** A Twilio channel's settings as stored (validated on write by channel-config.ts). */
export interface TwilioConfig {
  accountSid: string;
  phoneNumber: string;
  apiBaseUrl: string;
  webhookBaseUrl: string;
  helpText?: string;
  transferNumber?: string;
  transferQueue?: string;
  transferHours?: Hours;
  language?: string;
  voice?: string;
}

export interface TwilioChannel {
  row: ChannelRow;
  config: TwilioConfig;
  authToken: string;
}

export type TwilioChannelType = 'twilio-sms' | 'twilio-voice';

/** The channel of that type with that id (through the channel cache), or null: unknown, another type, no token. */
export async function loadTwilioChannel(
  ctx: AppContext,
  channelId: string | null,
  type: TwilioChannelType,
): Promise<TwilioChannel | null> {
  const channel = await loadChannelOfType(ctx.db, ctx.keyring, channelId, type);
  if (!channel) return null;
  const authToken = channel.secrets['authToken'];
  if (!authToken) return null;
  return { row: channel.row, config: channel.view.config as unknown as TwilioConfig, authToken };
}
