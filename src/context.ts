import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from './config/config.ts';
import type { Mailer } from './conversations/mailer.ts';
import type { EventBus } from './events/bus.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { Keyring } from './secrets/keyring.ts';
import type { Database } from './store/database.ts';
import type { DB } from './store/schema.ts';

/** What route plugins and services need from the running process. */
export interface AppContext {
  config: Config;
  database: Database;
  db: Kysely<DB>;
  keyring: Keyring;
  log: Logger;
  jobs: JobQueue;
  events: EventBus;
  /** Outbound mail (one-time codes); null when no SMTP server is configured. */
  mailer: Mailer | null;
}
