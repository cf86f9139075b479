import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_actions.ts';
import * as m0003 from './0003_conversations.ts';
import * as m0004 from './0004_conversation_core.ts';
import * as m0005 from './0005_knowledge_sources.ts';
import * as m0007 from './0007_sessions.ts';
import * as m0008 from './0008_deployments.ts';
import * as m0010 from './0010_hubspot.ts';
import * as m0012 from './0012_inbox.ts';
import * as m0013 from './0013_hubspot_skills.ts';
import * as m0014 from './0014_email.ts';
import * as m0015 from './0015_meta.ts';
import * as m0016 from './0016_twilio.ts';

/** Versioned migrations, applied in key order. Never edit one that has shipped: add the next. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_actions': m0002,
  '0003_conversations': m0003,
  '0004_conversation_core': m0004,
  '0005_knowledge_sources': m0005,
  '0007_sessions': m0007,
  '0008_deployments': m0008,
  '0010_hubspot': m0010,
  '0012_inbox': m0012,
  '0013_hubspot_skills': m0013,
  '0014_email': m0014,
  '0015_meta': m0015,
  '0016_twilio': m0016,
};
