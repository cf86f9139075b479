import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { AppContext } from '../../context.ts';
import type { ContactInput } from '../../conversations/contacts.ts';
import { invalid, zodIssuesToDetails } from '../../shared/errors.ts';
import type { ChannelRow } from '../../store/schema.ts';
import { applyReceipt, type Receipt } from '../meta/receipts.ts';
import { receiveFromSender } from '../meta/sender.ts';
import { providerTime } from '../meta/window.ts';
import { type WaPayload, type WaValue, waValue } from './payload.ts';

/**
 * A verified WhatsApp payload into the one pipeline: each text message is stored through
 * `receiveFromSender()` (idempotent on its `wamid`, the sender's window recorded); each status
 * receipt moves the delivery state of the message it names. Changes for another phone
 * number (one Meta app may serve several) are not this channel's and are skipped.
 */
export async function handleWhatsApp(
  ctx: AppContext,
  channel: ChannelRow,
  payload: WaPayload,
): Promise<void> {
  const phoneNumberId = String(channel.config['phoneNumberId']);
  // Every change is validated before any is stored: a refused payload stores nothing.
  const values: WaValue[] = [];
  for (const [e, entry] of payload.entry.entries()) {
    for (const [c, change] of entry.changes.entries()) {
      if (change.field !== 'messages') continue;
      const parsed = waValue.safeParse(change.value);
      if (!parsed.success)
        throw invalid(
          'The WhatsApp payload is invalid.',
          zodIssuesToDetails(parsed.error.issues, ['entry', e, 'changes', c, 'value']),
        );
      if (parsed.data.metadata.phone_number_id === phoneNumberId) values.push(parsed.data);
    }
  }
  for (const value of values) await handleValue(ctx, channel, value);
}

async function handleValue(ctx: AppContext, channel: ChannelRow, value: WaValue): Promise<void> {
  for (const m of value.messages ?? []) {
    const text = (
      m.type === 'text' ? m.text?.body : m.type === 'button' ? m.button?.text : undefined
    )?.trim();
    // Media, locations and reactions are not read yet: acknowledged, not answered.
    if (!text) continue;
    const name = value.contacts?.find((c) => c.wa_id === m.from)?.profile?.name;
    await receiveFromSender(ctx, channel, {
      senderId: m.from,
      contact: whatsAppContact(m.from, name),
      text,
      providerMessageId: m.id,
      at: providerTime(m.timestamp),
    });
  }
  for (const s of value.statuses ?? []) {
    if (!isReceipt(s.status)) continue;
    const error = s.errors?.[0];
    await applyReceipt(ctx, {
      channelId: channel.id,
      providerMessageId: s.id,
      state: s.status,
      reason: error
        ? `WhatsApp reported the message as failed (${error.code ?? 'no code'}): ${error.title ?? error.message ?? ''}`.trim()
        : undefined,
    });
  }
}

const isReceipt = (s: string): s is Receipt =>
  s === 'sent' || s === 'delivered' || s === 'read' || s === 'failed';

/**
 * The sender: their WhatsApp id (the channel's own id for them) and the phone number it is,
 * in E.164 (libphonenumber-js), so the contact can be matched by phone. WhatsApp shows the number but Frontdesk
 * does not treat it as proved: contracts say nothing of the sender being verified.
 */
export function whatsAppContact(waId: string, name?: string | undefined): ContactInput {
  const phone = parsePhoneNumberFromString(`+${waId}`);
  return {
    name: name?.trim() || undefined,
    identities: [
      { type: 'whatsapp', value: waId },
      // Possible, not valid: WhatsApp knows the number exists, and metadata lags new ranges.
      ...(phone?.isPossible() ? [{ type: 'phone' as const, value: phone.number }] : []),
    ],
  };
}
