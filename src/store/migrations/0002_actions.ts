import { type Kysely, sql } from 'kysely';

/** Connections, skills (actions and flows) with immutable published versions, and the integration log. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('connections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('definition', 'jsonb', (c) => c.notNull())
    .addColumn('secrets', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('connections_account_key', ['account_id', 'key'])
    .execute();

  await db.schema
    .createTable('skills')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('action','flow')`))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft','published','unpublished')`))
    .addColumn('definition', 'jsonb', (c) => c.notNull())
    .addColumn('published_version', 'integer')
    .addColumn('latest_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('skills_agent_key', ['agent_id', 'key'])
    .execute();
  // Actions and flows of one agent have distinct names (B10), whatever the case.
  await sql`create unique index skills_agent_name on skills (agent_id, lower(name))`.execute(db);
  await db.schema.createIndex('skills_account').on('skills').column('account_id').execute();

  await db.schema
    .createTable('skill_versions')
    .addColumn('skill_id', 'text', (c) => c.notNull().references('skills.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('definition', 'jsonb', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('skill_versions_pk', ['skill_id', 'version'])
    .execute();

  await db.schema
    .createTable('integration_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('skill_id', 'text')
    .addColumn('skill_key', 'text', (c) => c.notNull())
    .addColumn('version', 'integer')
    .addColumn('conversation_id', 'text')
    .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('test','preview','live')`))
    .addColumn('ok', 'boolean', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error_class', 'text')
    .addColumn('error_message', 'text')
    .addColumn('request_line', 'text', (c) => c.notNull())
    .addColumn('inputs', 'jsonb', (c) => c.notNull())
    .addColumn('outputs', 'jsonb', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('integration_log_account_time')
    .on('integration_log')
    .columns(['account_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('integration_log_skill')
    .on('integration_log')
    .columns(['account_id', 'skill_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('integration_log_conversation')
    .on('integration_log')
    .columns(['account_id', 'conversation_id'])
    .execute();
}
