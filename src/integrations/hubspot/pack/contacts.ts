import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { phoneSpellings, toE164 } from '../phone.ts';
import type { HubSpotSdk } from '../sdk.ts';

const PROPS = ['firstname', 'lastname', 'email', 'phone', 'mobilephone', 'company'];

/**
 * The HubSpot contact with this phone (E.164), or null. HubSpot keeps numbers as typed, so
 * the search asks for the usual spellings in `phone` and `mobilephone` (five filter groups,
 * HubSpot's maximum) and each hit is confirmed by normalising what it holds.
 */
export async function findContactByPhone(
  sdk: HubSpotSdk,
  e164: string,
): Promise<{ id: string; properties: Record<string, string | null> } | null> {
  const spellings = phoneSpellings(e164).slice(0, 4);
  const filterGroups = [
    ...spellings.map((value) => ({ filters: [{ propertyName: 'phone', operator: 'EQ' as never, value }] })),
    { filters: [{ propertyName: 'mobilephone', operator: 'IN' as never, values: spellings }] },
  ];
  const res = await sdk.crm.objects.searchApi.doSearch('contacts', {
    filterGroups,
    properties: PROPS,
    sorts: [{ propertyName: 'createdate', direction: 'ASCENDING' }] as never,
    limit: 10,
  });
  // A number typed in national format is read in the caller's own country.
  const country = parsePhoneNumberFromString(e164)?.country;
  return (
    res.results.find((r) =>
      [r.properties['phone'], r.properties['mobilephone']].some((p) => p && toE164(p, country) === e164),
    ) ?? null
  );
}
