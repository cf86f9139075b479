import { en, type Wording } from './en.ts';

/**
 * Reply wording, one table per language keyed by message id (spec §E1). The agent's first
 * language picks the table; a language without one is answered in English.
 */
const TABLES: Record<string, Wording> = { en };

export function wordingFor(languages: readonly string[] | undefined): Wording {
  for (const tag of languages ?? []) {
    const table = TABLES[tag] ?? TABLES[tag.split('-')[0]!.toLowerCase()];
    if (table) return table;
  }
  return en;
}

export type { Wording } from './en.ts';
export { en } from './en.ts';
