import { type Kysely, sql } from 'kysely';
import { createAgent } from '../agents/service.ts';
import { newId } from '../shared/ids.ts';
import { toJson } from '../store/json.ts';
import type { DB } from '../store/schema.ts';
import { createApiKey } from './api-keys.ts';
import { SCOPES } from './scopes.ts';

export interface BootstrapResult {
  created: boolean;
  accountId: string;
  /** The admin key, only when this call created it. */
  adminKey?: string;
  defaultAgentId?: string;
}

/** Hooks later features use to seed the first account (the demo agent, …). */
export type FirstStartSeeder = (tx: Kysely<DB>, accountId: string) => Promise<void>;

/**
 * First start: the default account, its admin user, an admin API key and the default
 * agent — in one transaction under an advisory lock, so two processes starting together
 * on one database create exactly one of each.
 */
export async function ensureBootstrap(
  db: Kysely<DB>,
  opts: { adminKey?: string | undefined; seeders?: FirstStartSeeder[] } = {},
): Promise<BootstrapResult> {
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext('frontdesk:bootstrap'))`.execute(tx);
    const existing = await tx.selectFrom('accounts').select('id').orderBy('created_at').limit(1).executeTakeFirst();
    if (existing) return { created: false, accountId: existing.id };

    const accountId = newId('acc');
    await tx.insertInto('accounts').values({ id: accountId, name: 'Default account', settings: toJson({}) }).execute();
    const userId = newId('usr');
    await tx
      .insertInto('users')
      .values({ id: userId, account_id: accountId, email: 'admin@localhost', name: 'Admin', role: 'admin' })
      .execute();
    const { key } = await createApiKey(tx, {
      accountId,
      name: 'Admin key (first start)',
      scopes: [...SCOPES],
      createdBy: userId,
      ...(opts.adminKey ? { key: opts.adminKey } : {}),
    });
    const agent = await createAgent(tx, accountId, {
      name: 'Frontdesk Agent',
      tone: 'friendly and concise',
      greeting: 'Hi! How can I help you today?',
      guidelines: [],
      languages: ['en'],
    });
    for (const seed of opts.seeders ?? []) await seed(tx, accountId);
    return { created: true, accountId, adminKey: key, defaultAgentId: agent.id };
  });
}
