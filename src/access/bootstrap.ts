import { type Kysely, sql } from 'kysely';
import { createAgent } from '../agents/service.ts';
import { newId } from '../shared/ids.ts';
import { toJson } from '../store/json.ts';
import type { DB } from '../store/schema.ts';
import { createApiKey } from './api-keys.ts';
import { setPassword } from './passwords.ts';
import { SCOPES } from './scopes.ts';

export interface BootstrapResult {
  created: boolean;
  accountId: string;
  /** The admin key, only when this call created it. */
  adminKey?: string;
  /** The first admin's email (they sign in to the web app with it). */
  adminEmail?: string;
  /** Whether the first start set the admin's password (FRONTDESK_ADMIN_PASSWORD). */
  adminPasswordSet?: boolean;
  defaultAgentId?: string;
  /** Set when the first start seeded the demo workspace. */
  demoAgentId?: string;
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
  opts: {
    adminKey?: string | undefined;
    adminPassword?: string | undefined;
    seeders?: FirstStartSeeder[];
  } = {},
): Promise<BootstrapResult> {
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext('frontdesk:bootstrap'))`.execute(tx);
    const existing = await tx
      .selectFrom('accounts')
      .select('id')
      .orderBy('created_at')
      .limit(1)
      .executeTakeFirst();
    if (existing) return { created: false, accountId: existing.id };

    const { accountId, adminKey, defaultAgentId } = await createAccountWithAdmin(tx, {
      name: 'Default account',
      adminKey: opts.adminKey,
    });
    for (const seed of opts.seeders ?? []) await seed(tx, accountId);
    const adminEmail = 'admin@localhost';
    if (opts.adminPassword) await setPassword(tx, adminEmail, opts.adminPassword);
    return {
      created: true,
      accountId,
      adminKey,
      defaultAgentId,
      adminEmail,
      adminPasswordSet: Boolean(opts.adminPassword),
    };
  });
}

/** A new tenant: the account, its admin user, an admin key with every scope and a default agent. */
export async function createAccountWithAdmin(
  db: Kysely<DB>,
  opts: { name: string; adminEmail?: string; adminKey?: string | undefined },
): Promise<{ accountId: string; adminKey: string; defaultAgentId: string }> {
  const accountId = newId('acc');
  await db
    .insertInto('accounts')
    .values({ id: accountId, name: opts.name, settings: toJson({}) })
    .execute();
  const userId = newId('usr');
  await db
    .insertInto('users')
    .values({
      id: userId,
      account_id: accountId,
      email: opts.adminEmail ?? 'admin@localhost',
      name: 'Admin',
      role: 'admin',
    })
    .execute();
  const { key } = await createApiKey(db, {
    accountId,
    name: 'Admin key (first start)',
    scopes: [...SCOPES],
    createdBy: userId,
    ...(opts.adminKey ? { key: opts.adminKey } : {}),
  });
  const agent = await createAgent(db, accountId, {
    name: 'Frontdesk Agent',
    tone: 'friendly and concise',
    greeting: 'Hi! How can I help you today?',
    guidelines: [],
    languages: ['en'],
  });
  return { accountId, adminKey: key, defaultAgentId: agent.id };
}
