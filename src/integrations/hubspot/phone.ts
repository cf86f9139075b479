import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Phones normalised to E.164 for matching and dedupe (spec §D2): "+1 (415) 555-0101",
 * "+14155550101" and, with a default country, "(415) 555-0101" are one caller. Null when
 * the text is not a valid number.
 */
export function toE164(text: string, defaultCountry?: CountryCode): string | null {
  const parsed = parsePhoneNumberFromString(text.trim(), defaultCountry ? { defaultCountry } : undefined);
  return parsed?.isValid() ? parsed.number : null;
}

/**
 * The spellings a HubSpot record may hold for one number (HubSpot keeps what was typed):
 * E.164, international and national formats, and bare digits. A search matches any of
 * them; results are then confirmed by normalising what HubSpot returned.
 */
export function phoneSpellings(e164: string): string[] {
  const p = parsePhoneNumberFromString(e164);
  if (!p) return [e164];
  const national = p.formatNational();
  return [...new Set([e164, p.formatInternational(), national, national.replace(/\D/g, ''), e164.slice(1)])];
}
