import type { AppContext } from '../../context.ts';
import type { IdentityInput } from '../../conversations/contacts.ts';
import type { ChannelRow } from '../../store/schema.ts';

/** The visitor's open conversation on this channel, if any (read only: nothing is created). */
export async function openConversationOf(
  ctx: AppContext,
  channel: ChannelRow,
  key: IdentityInput,
): Promise<string | null> {
  const row = await ctx.db
    .selectFrom('conversations as c')
    .innerJoin('contact_identities as i', 'i.contact_id', 'c.contact_id')
    .select('c.id')
    .where('i.account_id', '=', channel.account_id)
    .where('i.type', '=', key.type)
    .where('i.value', '=', key.value)
    .where('c.channel_id', '=', channel.id)
    .where('c.status', '=', 'open')
    .orderBy('c.created_at', 'desc')
    .executeTakeFirst();
  return row?.id ?? null;
}
