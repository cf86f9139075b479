import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_actions.ts';
import * as m0003 from './0003_conversations.ts';
import * as m0010 from './0010_hubspot.ts';

/** Versioned migrations, applied in key order. Never edit one that has shipped: add the next. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_actions': m0002,
  '0003_conversations': m0003,
  '0010_hubspot': m0010,
};
