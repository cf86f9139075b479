import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { loadChannel } from '../repository.ts';
import { DeliveryError, type OutboundMessage, type TestMessage } from '../types.ts';
import { domainOf, plusAddress } from './addresses.ts';
import { type EmailConfig, emailConfigOf, fromAddressOf } from './config.ts';
import { emailConversation, recordOutbound } from './repository.ts';
import { outboundMessageId, replyReferences, replySubject } from './threading.ts';
import { deliveryErrorOf, smtpTransport } from './transport.ts';

/**
 * A reply on an email conversation, sent by the outbox job through the channel's SMTP
 * server: threaded (In-Reply-To the customer's newest message, References, "Re:"), with a
 * plus-addressed Reply-To carrying the conversation's token, and — when the agent wrote it —
 * `Auto-Submitted: auto-replied` (RFC 3834) so other robots do not answer it. The
 * Message-ID is derived from the stored message id and recorded before sending, so a retry
 * carries the same id and the customer's answer finds the conversation.
 */
export async function sendEmail(ctx: AppContext, message: OutboundMessage): Promise<void> {
  const channel = message.channelId ? await loadChannel(ctx.db, ctx.keyring, message.channelId) : undefined;
  if (channel?.row.type !== 'email')
    throw new DeliveryError('The channel no longer exists.', { permanent: true });
  const thread = await emailConversation(ctx.db, message.conversationId);
  if (!thread)
    throw new DeliveryError('The conversation has no email address to answer.', { permanent: true });
  const config = emailConfigOf(channel.row);
  const from = fromAddressOf(config);
  const messageId = outboundMessageId(message.messageId, domainOf(from));
  const role = await ctx.db
    .selectFrom('messages')
    .select('role')
    .where('id', '=', message.messageId)
    .executeTakeFirst();
  await recordOutbound(ctx.db, {
    channelId: channel.row.id,
    accountId: message.accountId,
    conversationId: message.conversationId,
    messageId,
  });
  const references = thread.parent_message_id
    ? replyReferences({
        messageId: thread.parent_message_id,
        references: thread.parent_references,
        inReplyTo: [],
      })
    : [];
  await sendMail(ctx, config, channel.secrets, {
    from: fromHeader(config),
    to: thread.reply_to,
    replyTo: plusAddress(config.addresses[0] ?? from, thread.token),
    subject: replySubject(thread.subject),
    text: message.text,
    messageId,
    ...(thread.parent_message_id ? { inReplyTo: thread.parent_message_id, references } : {}),
    // A person's reply is not automatic (RFC 3834 §5 marks only automatic responses).
    headers: role?.role === 'human' ? {} : { 'Auto-Submitted': 'auto-replied' },
  });
}

/** The setup screen's test message: a plain mail to the given address. */
export async function sendEmailTest(ctx: AppContext, test: TestMessage): Promise<void> {
  const channel = await loadChannel(ctx.db, ctx.keyring, test.channelId);
  if (channel?.row.type !== 'email' || channel.row.account_id !== test.accountId)
    throw new DeliveryError('The channel no longer exists.', { permanent: true });
  if (!z.email().safeParse(test.to).success)
    throw new DeliveryError('The test address is not an email address.', { permanent: true });
  const config = emailConfigOf(channel.row);
  await sendMail(ctx, config, channel.secrets, {
    from: fromHeader(config),
    to: test.to,
    subject: 'Frontdesk test message',
    text: test.text,
    headers: { 'Auto-Submitted': 'auto-generated' },
  });
}

function fromHeader(config: EmailConfig) {
  const address = fromAddressOf(config);
  return config.fromName ? { name: config.fromName, address } : address;
}

async function sendMail(
  ctx: AppContext,
  config: EmailConfig,
  secrets: Record<string, string>,
  mail: Parameters<Awaited<ReturnType<typeof smtpTransport>>['sendMail']>[0],
): Promise<void> {
  const transport = await smtpTransport(
    { smtpUrl: config.smtpUrl, user: config.smtpUser, password: secrets['smtpPassword'] },
    ctx.config.devHosts,
  );
  try {
    await transport.sendMail(mail);
  } catch (err) {
    throw deliveryErrorOf(err);
  } finally {
    transport.close();
  }
}
