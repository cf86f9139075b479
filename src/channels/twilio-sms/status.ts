import type { AppContext } from '../../context.ts';
import { publishEvent } from '../../events/domain.ts';
import type { TwilioChannel } from '../twilio/channel.ts';

/**
 * Twilio's delivery reports for the replies it accepted: a piece that ends `failed` or
 * `undelivered` marks its message failed, with Twilio's error code, for the inbox to show.
 * Reports for messages this channel did not send are ignored.
 */
export const statusCallbackUrl = (channel: TwilioChannel) =>
  `${channel.config.webhookBaseUrl.replace(/\/+$/, '')}/webhooks/twilio-sms/${encodeURIComponent(channel.row.id)}/status`;

const FAILED = new Set(['failed', 'undelivered']);

export async function recordStatus(
  ctx: AppContext,
  channel: TwilioChannel,
  report: { messageSid: string; status: string; errorCode?: string | undefined },
): Promise<void> {
  if (!FAILED.has(report.status)) return;
  const code = report.errorCode ? ` (error ${report.errorCode})` : '';
  const row = await ctx.db
    .updateTable('messages')
    .set({ delivery: 'failed', delivery_error: `Twilio reported the message ${report.status}${code}.` })
    .where('account_id', '=', channel.row.account_id)
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('sms_parts as p')
        .innerJoin('messages as m', 'm.id', 'p.message_id')
        .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
        .select('p.message_id')
        .where('p.provider_id', '=', report.messageSid)
        .where('c.channel_id', '=', channel.row.id),
    )
    .where('delivery', '!=', 'failed')
    .returning(['id', 'conversation_id'])
    .executeTakeFirst();
  if (!row) return;
  await publishEvent(ctx.events, 'delivery.failed', {
    accountId: channel.row.account_id,
    conversationId: row.conversation_id,
    messageId: row.id,
    channel: 'twilio-sms',
  }).catch((err) => ctx.log.warn({ err }, 'event not published'));
}
