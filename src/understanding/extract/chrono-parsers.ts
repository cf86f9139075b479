import * as chrono from 'chrono-node';
import { extraParsers } from './chrono-extras.ts';

/**
 * "the 18th": a day of the month on its own, which chrono leaves alone. It means the next such day,
 * this month or the next, as a customer booking ahead would mean it.
 */
const ordinalDay: chrono.Parser = {
  pattern: () => /(?<![\w/.:-])(?:the\s+)?([1-9]|[12]\d|3[01])(?:st|nd|rd|th)(?![\w])/i,
  extract: (context, match) => {
    const day = Number(match[1]);
    const ref = context.reference.getDateWithAdjustedTimezone();
    let year = ref.getFullYear();
    let month = ref.getMonth() + 1;
    if (day < ref.getDate()) {
      month += 1;
      if (month > 12) {
        month = 1;
        year += 1;
      }
    }
    const components = context.createParsingComponents({ day });
    components.imply('month', month);
    components.imply('year', year);
    return components;
  },
};

function withOrdinalDay(base: chrono.Chrono): chrono.Chrono {
  const c = base.clone();
  // Ours first: on the same words chrono keeps the longer result, and ties go to the earlier parser.
  c.parsers.unshift(...extraParsers);
  c.parsers.push(ordinalDay);
  return c;
}

/** Day-first English: "03/04/2026" is the 3rd of April there. */
const DAY_FIRST_REGIONS = new Set(['GB', 'UK', 'IE', 'AU', 'NZ', 'IN', 'ZA', 'SG', 'HK', 'NG', 'KE', 'PK']);

const english = withOrdinalDay(chrono.casual);
const englishDayFirst = withOrdinalDay(chrono.en.GB);
const others: Record<string, chrono.Chrono> = {
  de: chrono.de.casual,
  fr: chrono.fr.casual,
  es: chrono.es.casual,
  it: chrono.it.casual,
  nl: chrono.nl.casual,
  pt: chrono.pt.casual,
  sv: chrono.sv.casual,
};

/** The parsers to try for a locale, most specific first; English is always tried last. */
export function chronosFor(locale: string | undefined): chrono.Chrono[] {
  const [language = 'en', region = ''] = (locale ?? 'en-US').split(/[-_]/);
  const lang = language.toLowerCase();
  const fallback = DAY_FIRST_REGIONS.has(region.toUpperCase()) ? englishDayFirst : english;
  const local = others[lang];
  return local ? [local, englishDayFirst] : [fallback];
}

/**
 * English parsing that keeps a date and a time as separate results ("tomorrow" / "at 8pm"), for
 * callers that need the words of each — the restaurant slot spans.
 */
export const englishUnmerged: chrono.Chrono = (() => {
  const c = withOrdinalDay(chrono.casual);
  c.refiners = c.refiners.filter((r) => r.constructor.name !== 'ENMergeDateTimeRefiner');
  return c;
})();
