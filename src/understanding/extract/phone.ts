import { type CountryCode, findPhoneNumbersInText, isSupportedCountry } from 'libphonenumber-js/max';
import { reasons } from './reasons.ts';
import type { Candidate, Finder } from './types.ts';

function country(code: string | undefined): CountryCode | undefined {
  const upper = code?.toUpperCase();
  return upper && isSupportedCountry(upper) ? (upper as CountryCode) : undefined;
}

/**
 * Phone numbers in any common national or international writing ("(415) 555-0100", "020 7946 0958",
 * "+49 30 901820", "0049 30 901820"), as E.164. National numbers need the account's default country.
 */
export const findPhones: Finder = (text, ctx) => {
  const defaultCountry = country(ctx.defaultCountry);
  // "00" is the international prefix across most of the world; libphonenumber only knows it per country.
  // Only where a number starts: the "00" in "7946 0018" is part of the number before it.
  const normalized = text.replace(/(?<![\d+][\s()./-]*)00(?=[1-9]\d)/g, ' +');
  const candidates: Candidate[] = [];
  for (const m of findPhoneNumbersInText(normalized, defaultCountry ? { defaultCountry } : undefined)) {
    if (!m.number.isValid()) continue;
    // Point back at the "00" the customer typed, which the rewrite above turned into " +".
    const start =
      normalized.slice(m.startsAt - 1, m.startsAt + 1) === ' +' && text.startsWith('00', m.startsAt - 1);
    candidates.push({ start: start ? m.startsAt - 1 : m.startsAt, end: m.endsAt, value: m.number.number });
  }
  if (candidates.length > 0) return { candidates, none: reasons.phone };
  // Digits that would be a number with a country code: ask for it rather than say it is no number.
  const digits = text.replace(/\D/g, '');
  const none =
    !defaultCountry && digits.length >= 6 && !text.includes('+') ? reasons.phoneCountry : reasons.phone;
  return { candidates, none };
};
