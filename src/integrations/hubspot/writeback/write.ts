import type { AppContext } from '../../../context.ts';
import { withLock } from '../../../jobs/locks.ts';
import { AppError } from '../../../shared/errors.ts';
import { hubspotFor } from '../connection.ts';
import { hubspotFailure } from '../errors.ts';
import { findContactByPhone } from '../pack/contacts.ts';
import { linkContact, linkedContact } from '../pack/links.ts';
import { toE164 } from '../phone.ts';
import type { HubSpotSdk } from '../sdk.ts';
import { type ConversationRecord, engagementBody, isVoice, marker } from './content.ts';
import { getWritebackSettings } from './settings.ts';

export type WritebackOutcome =
  | { status: 'written'; engagementType: 'note' | 'call'; engagementId: string; contactId: string }
  | { status: 'skipped'; reason: 'no_match' | 'ended_before_enabled' | 'not_connected' }
  | { status: 'off' | 'not_finished' | 'not_found' }
  | { status: 'already'; previous: string };

/** SDK association type ids (contracts §1.5): note→contact 202, call→contact 194. */
const NOTE_TO_CONTACT = 202;
const CALL_TO_CONTACT = 194;

type Sdk = HubSpotSdk;

async function matchContact(
  ctx: AppContext,
  accountId: string,
  sdk: Sdk,
  contact: { id: string; phone: string | null; email: string | null },
): Promise<string | null> {
  const linked = await linkedContact(ctx, accountId, contact.id);
  if (linked) return linked;
  const phone = contact.phone ? toE164(contact.phone) : null;
  if (phone) {
    const found = await findContactByPhone(sdk, phone);
    if (found) return found.id;
  }
  if (contact.email) {
    const res = await sdk.crm.objects.searchApi.doSearch('contacts', {
      filterGroups: [
        { filters: [{ propertyName: 'email', operator: 'EQ' as never, value: contact.email.toLowerCase() }] },
      ],
      limit: 1,
    });
    if (res.results[0]) return res.results[0].id;
  }
  return null;
}

/** On a retry: the engagement an earlier attempt may already have written (found by its marker). */
async function existingEngagement(
  sdk: Sdk,
  type: 'notes' | 'calls',
  contactId: string,
  conversationId: string,
): Promise<string | null> {
  const bodyProp = type === 'notes' ? 'hs_note_body' : 'hs_call_body';
  const res = await sdk.crm.objects.searchApi.doSearch(type, {
    filterGroups: [
      { filters: [{ propertyName: 'associations.contact', operator: 'EQ' as never, value: contactId }] },
    ],
    properties: [bodyProp],
    limit: 100,
  });
  return res.results.find((r) => (r.properties[bodyProp] ?? '').includes(marker(conversationId)))?.id ?? null;
}

async function finish(
  ctx: AppContext,
  conversationId: string,
  set: Record<string, string | null>,
  status: 'written' | 'skipped',
): Promise<void> {
  await ctx.db
    .updateTable('hubspot_writebacks')
    .set({ ...set, status, updated_at: new Date() })
    .where('conversation_id', '=', conversationId)
    .execute();
}

/**
 * Writes one finished conversation to the matched HubSpot contact's timeline (spec §D4):
 * a Call for voice, a Note for chat, with hs_timestamp, the summary and (in
 * summary_transcript mode) the scrubbed transcript, associated to the contact. Each
 * conversation is written at most once: a row per conversation claims it, and a retry
 * after a crash first looks for the engagement by its marker. Conversations that ended
 * before logging was switched on are never written.
 */
export async function writeBack(ctx: AppContext, conversationId: string): Promise<WritebackOutcome> {
  const conv = await ctx.db
    .selectFrom('conversations')
    .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
    .select([
      'conversations.id',
      'conversations.account_id',
      'conversations.channel',
      'conversations.status',
      'conversations.closed_at',
      'conversations.draft',
      'conversations.updated_at',
      'contacts.id as contact_id',
      'contacts.name',
      'contacts.email',
      'contacts.phone',
    ])
    .where('conversations.id', '=', conversationId)
    .executeTakeFirst();
  if (!conv || conv.draft) return { status: 'not_found' };
  if (conv.status !== 'closed') return { status: 'not_finished' };
  const accountId = conv.account_id;
  const settings = await getWritebackSettings(ctx, accountId);
  if (settings.mode === 'off') return { status: 'off' };
  return withLock(ctx.database, `hubspot:writeback:${conversationId}`, async () => {
    const previous = await ctx.db
      .selectFrom('hubspot_writebacks')
      .select('status')
      .where('conversation_id', '=', conversationId)
      .executeTakeFirst();
    if (previous && previous.status !== 'started') return { status: 'already', previous: previous.status };
    const endedAt = conv.closed_at ?? conv.updated_at;
    if (!previous) {
      const skip = !settings.enabledAt || endedAt.getTime() < Date.parse(settings.enabledAt);
      await ctx.db
        .insertInto('hubspot_writebacks')
        .values({
          conversation_id: conversationId,
          account_id: accountId,
          status: skip ? 'skipped' : 'started',
          reason: skip ? 'ended_before_enabled' : null,
        })
        .execute();
      if (skip) return { status: 'skipped', reason: 'ended_before_enabled' };
    }
    const connected = await ctx.db
      .selectFrom('hubspot_connections')
      .select('status')
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (!connected) {
      await finish(ctx, conversationId, { reason: 'not_connected' }, 'skipped');
      return { status: 'skipped', reason: 'not_connected' };
    }
    const { sdk } = await hubspotFor(ctx, accountId);
    try {
      let contactId = await matchContact(ctx, accountId, sdk, {
        id: conv.contact_id,
        phone: conv.phone,
        email: conv.email,
      });
      if (!contactId && settings.onNoMatch === 'skip') {
        await finish(ctx, conversationId, { reason: 'no_match' }, 'skipped');
        await ctx.db
          .updateTable('hubspot_writeback_settings')
          .set((eb) => ({ skipped_count: eb('skipped_count', '+', 1) }))
          .where('account_id', '=', accountId)
          .execute();
        return { status: 'skipped', reason: 'no_match' };
      }
      if (!contactId) {
        const phone = conv.phone ? toE164(conv.phone) : null;
        const [firstname, ...rest] = (conv.name ?? '').trim().split(/\s+/);
        const created = await sdk.crm.objects.basicApi.create('contacts', {
          properties: {
            ...(phone && { phone }),
            ...(conv.email && { email: conv.email.toLowerCase() }),
            ...(firstname && { firstname }),
            ...(rest.length && { lastname: rest.join(' ') }),
          },
          associations: [],
        });
        contactId = created.id;
      }
      await linkContact(ctx, accountId, conv.contact_id, contactId);
      const voice = isVoice(conv.channel);
      const type = voice ? 'calls' : 'notes';
      let engagementId = previous ? await existingEngagement(sdk, type, contactId, conversationId) : null;
      if (!engagementId) {
        const messages = await ctx.db
          .selectFrom('messages')
          .select(['role', 'text'])
          .where('conversation_id', '=', conversationId)
          .orderBy('seq')
          .execute();
        const handedOff = await ctx.db
          .selectFrom('handoffs')
          .select('id')
          .where('conversation_id', '=', conversationId)
          .executeTakeFirst();
        const record: ConversationRecord = {
          id: conversationId,
          channel: conv.channel,
          endedAt,
          contactName: conv.name,
          handedOff: Boolean(handedOff),
          messages,
        };
        const body = engagementBody(record, settings.mode === 'summary_transcript');
        const timestamp = endedAt.toISOString();
        const created = await sdk.crm.objects.basicApi.create(type, {
          properties: voice
            ? {
                hs_timestamp: timestamp,
                hs_call_title: `Call handled by Frontdesk`,
                hs_call_body: body,
                hs_call_direction: 'INBOUND',
                hs_call_status: 'COMPLETED',
                ...(conv.phone && { hs_call_from_number: conv.phone }),
              }
            : { hs_timestamp: timestamp, hs_note_body: body },
          associations: [
            {
              to: { id: contactId },
              types: [
                {
                  associationCategory: 'HUBSPOT_DEFINED' as never,
                  associationTypeId: voice ? CALL_TO_CONTACT : NOTE_TO_CONTACT,
                },
              ],
            },
          ],
        });
        engagementId = created.id;
      }
      await finish(
        ctx,
        conversationId,
        {
          engagement_type: voice ? 'call' : 'note',
          engagement_id: engagementId,
          hubspot_contact_id: contactId,
          reason: null,
        },
        'written',
      );
      return { status: 'written', engagementType: voice ? 'call' : 'note', engagementId, contactId };
    } catch (e) {
      throw e instanceof AppError ? e : hubspotFailure(e, 'HubSpot write-back');
    }
  });
}
