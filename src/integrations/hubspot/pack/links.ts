import type { AppContext } from '../../../context.ts';

/** Remembers which HubSpot contact a Frontdesk contact is (write-back's "linked contact"). */
export async function linkContact(
  ctx: AppContext,
  accountId: string,
  contactId: string,
  hubspotId: string,
): Promise<void> {
  await ctx.db
    .insertInto('hubspot_contact_links')
    .values({ contact_id: contactId, account_id: accountId, hubspot_contact_id: hubspotId })
    .onConflict((oc) =>
      oc.column('contact_id').doUpdateSet({ hubspot_contact_id: hubspotId, updated_at: new Date() }),
    )
    .execute();
}

export async function linkedContact(
  ctx: AppContext,
  accountId: string,
  contactId: string,
): Promise<string | null> {
  const row = await ctx.db
    .selectFrom('hubspot_contact_links')
    .select('hubspot_contact_id')
    .where('account_id', '=', accountId)
    .where('contact_id', '=', contactId)
    .executeTakeFirst();
  return row?.hubspot_contact_id ?? null;
}
