import type { AppContext } from '../../context.ts';
import { channelGone } from '../delivery.ts';
import { loadTwilioChannel } from '../twilio/channel.ts';
import { postMessage } from '../twilio/messages-api.ts';
import { DeliveryError, type OutboundMessage, type TestMessage } from '../types.ts';
import { isOptedOut } from './opt-outs.ts';
import { splitSms } from './segments.ts';
import { statusCallbackUrl } from './status.ts';

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * A reply by SMS, from the outbox: cut into messages (segments.ts), each sent once — a
 * piece Twilio accepted is recorded with its SID, so a retry after a failure sends only
 * the rest. A number that replied STOP gets nothing (a permanent failure, shown as such).
 */
export async function sendSms(ctx: AppContext, message: OutboundMessage): Promise<void> {
  const channel = await loadTwilioChannel(ctx, message.channelId, 'twilio-sms');
  if (!channel) throw channelGone();
  const to = await recipientOf(ctx, message.conversationId);
  if (!to) throw new DeliveryError('The conversation has no phone number to reply to.', { permanent: true });
  if (await isOptedOut(ctx.db, channel.row.id, to))
    throw new DeliveryError('The recipient replied STOP.', { permanent: true });
  const sent = new Set(
    (
      await ctx.db
        .selectFrom('sms_parts')
        .select('part')
        .where('message_id', '=', message.messageId)
        .execute()
    ).map((r) => r.part),
  );
  for (const [part, body] of splitSms(message.text).entries()) {
    if (sent.has(part)) continue;
    const sid = await postMessage(ctx, channel, { to, body, statusCallback: statusCallbackUrl(channel) });
    await ctx.db
      .insertInto('sms_parts')
      .values({ message_id: message.messageId, part, provider_id: sid })
      .onConflict((oc) => oc.columns(['message_id', 'part']).doNothing())
      .execute();
  }
}

/** The setup screen's check: one SMS to the number given. */
export async function sendSmsTest(ctx: AppContext, test: TestMessage): Promise<void> {
  const channel = await loadTwilioChannel(ctx, test.channelId, 'twilio-sms');
  if (!channel || channel.row.account_id !== test.accountId) throw channelGone();
  if (!E164.test(test.to))
    throw new DeliveryError('The number must be in E.164 form, e.g. +14155550100.', { permanent: true });
  for (const body of splitSms(test.text)) await postMessage(ctx, channel, { to: test.to, body });
}

/** The customer's number: the phone identity the conversation's contact wrote from. */
async function recipientOf(ctx: AppContext, conversationId: string): Promise<string | null> {
  const row = await ctx.db
    .selectFrom('conversations as c')
    .innerJoin('contacts as k', 'k.id', 'c.contact_id')
    .select('k.phone')
    .where('c.id', '=', conversationId)
    .executeTakeFirst();
  return row?.phone ?? null;
}
