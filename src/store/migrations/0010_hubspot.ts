import { type ColumnDefinitionBuilder, type Kysely, sql } from 'kysely';

/**
 * The HubSpot connector (spec §D): one connection per account (tokens sealed), single-use
 * OAuth states, the discovered schema, the agent's HubSpot skills (pack and bindings),
 * interaction-logging settings and one row per conversation written back (never twice),
 * and the link between a Frontdesk contact and the HubSpot contact it was matched to.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const account = (c: ColumnDefinitionBuilder) => c.notNull().references('accounts.id').onDelete('cascade');
  const now = (c: ColumnDefinitionBuilder) => c.notNull().defaultTo(sql`now()`);

  await db.schema
    .createTable('hubspot_connections')
    .addColumn('account_id', 'text', (c) => account(c).primaryKey())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('connected','reconnect_needed')`))
    .addColumn('hub_id', 'text', (c) => c.notNull())
    .addColumn('scopes', 'jsonb', (c) => c.notNull())
    .addColumn('tokens', 'text', (c) => c.notNull())
    .addColumn('access_expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('connected_by', 'text')
    .addColumn('last_error', 'text')
    .addColumn('connected_at', 'timestamptz', now)
    .addColumn('updated_at', 'timestamptz', now)
    .execute();

  await db.schema
    .createTable('hubspot_oauth_states')
    .addColumn('state_hash', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', account)
    .addColumn('user_id', 'text')
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('scopes', 'jsonb', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', now)
    .execute();

  await db.schema
    .createTable('hubspot_objects')
    .addColumn('account_id', 'text', account)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('object_type_id', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('custom', 'boolean', (c) => c.notNull())
    .addColumn('properties', 'jsonb', (c) => c.notNull())
    .addColumn('discovered_at', 'timestamptz', now)
    .addPrimaryKeyConstraint('hubspot_objects_pk', ['account_id', 'name'])
    .execute();

  await db.schema
    .createTable('hubspot_skills')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', account)
    .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('pack','binding')`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('read','write')`))
    .addColumn('definition', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', now)
    .addColumn('updated_at', 'timestamptz', now)
    .addUniqueConstraint('hubspot_skills_agent_key', ['agent_id', 'key'])
    .execute();

  await db.schema
    .createTable('hubspot_writeback_settings')
    .addColumn('account_id', 'text', (c) => account(c).primaryKey())
    .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('off','summary','summary_transcript')`))
    .addColumn('on_no_match', 'text', (c) => c.notNull().check(sql`on_no_match in ('skip','create')`))
    .addColumn('enabled_at', 'timestamptz')
    .addColumn('skipped_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'timestamptz', now)
    .execute();

  await db.schema
    .createTable('hubspot_writebacks')
    .addColumn('conversation_id', 'text', (c) =>
      c.primaryKey().references('conversations.id').onDelete('cascade'),
    )
    .addColumn('account_id', 'text', account)
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('started','written','skipped')`))
    .addColumn('engagement_type', 'text')
    .addColumn('engagement_id', 'text')
    .addColumn('hubspot_contact_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('created_at', 'timestamptz', now)
    .addColumn('updated_at', 'timestamptz', now)
    .execute();

  await db.schema
    .createTable('hubspot_contact_links')
    .addColumn('contact_id', 'text', (c) => c.primaryKey().references('contacts.id').onDelete('cascade'))
    .addColumn('account_id', 'text', account)
    .addColumn('hubspot_contact_id', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', now)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'hubspot_contact_links',
    'hubspot_writebacks',
    'hubspot_writeback_settings',
    'hubspot_skills',
    'hubspot_objects',
    'hubspot_oauth_states',
    'hubspot_connections',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
