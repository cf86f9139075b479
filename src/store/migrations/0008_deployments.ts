import { type ColumnDefinitionBuilder, type Kysely, sql } from 'kysely';

/**
 * Who takes a conversation (spec §E1–E7, §C6): channels, deployments with working hours,
 * the account-wide switch, credits, teams with round robin, routing rules, and the one
 * routing decision stored per conversation.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const account = (c: ColumnDefinitionBuilder) => c.notNull().references('accounts.id').onDelete('cascade');

  await db.schema
    .createTable('channels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', account)
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // Set for channels a page embeds (livechat); unique across accounts.
    .addColumn('public_id', 'text', (c) => c.unique())
    .addColumn('config', 'jsonb', (c) => c.notNull())
    .addColumn('secrets', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('channels_account_name', ['account_id', 'name'])
    .execute();

  await db.schema
    .createTable('teams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', account)
    .addColumn('name', 'text', (c) => c.notNull())
    // Counts round-robin picks; its row lock serialises pickers across processes.
    .addColumn('picks', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('teams_account_name', ['account_id', 'name'])
    .execute();
  await db.schema
    .createTable('team_members')
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('account_id', 'text', account)
    .addColumn('position', 'integer', (c) => c.notNull())
    // The team's pick number when this member was last picked; null = never.
    .addColumn('last_pick', 'integer')
    .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('deployments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', account)
    .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id').onDelete('cascade'))
    // One agent per channel, as in the spec's "assign the agent to a channel".
    .addColumn('channel_id', 'text', (c) =>
      c.notNull().unique().references('channels.id').onDelete('cascade'),
    )
    .addColumn('hours', 'jsonb', (c) => c.notNull())
    .addColumn('when_unavailable', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('agent_switch')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
    .addColumn('is_on', 'boolean', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('routing_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', account)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('condition', 'jsonb', (c) => c.notNull())
    .addColumn('target', 'jsonb', (c) => c.notNull())
    .addColumn('message', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('routing_rules_account_name', ['account_id', 'name'])
    .execute();

  await db.schema
    .createTable('credit_accounts')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
    // null = unlimited (credits not enforced; usage still recorded).
    .addColumn('allotment', 'integer')
    .addColumn('period', 'text', (c) => c.notNull().check(sql`period in ('day','week','month','year')`))
    .addColumn('period_start', 'timestamptz', (c) => c.notNull())
    .addColumn('period_end', 'timestamptz', (c) => c.notNull())
    // The reset date periods are counted from, so a monthly reset on the 31st stays on month ends.
    .addColumn('period_anchor', 'timestamptz', (c) => c.notNull())
    .addColumn('allotment_left', 'integer', (c) => c.notNull().check(sql`allotment_left >= 0`))
    .addColumn('purchased_left', 'integer', (c) => c.notNull().defaultTo(0).check(sql`purchased_left >= 0`))
    .addColumn('auto_top_up', 'jsonb', (c) => c.notNull())
    .addColumn('auto_top_ups_in_period', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('credit_top_ups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', account)
    .addColumn('credits', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('purchase','auto')`))
    .addColumn('note', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('credit_usage')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', account)
    // No foreign key: usage outlives a deleted conversation (it was billed). Unique: once each.
    .addColumn('conversation_id', 'text', (c) => c.notNull().unique())
    .addColumn('agent_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) =>
      c.notNull().check(sql`source in ('allotment','purchased','unlimited')`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('credit_usage_account_time')
    .on('credit_usage')
    .columns(['account_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('routing_decisions')
    .addColumn('conversation_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', account)
    .addColumn('owner', 'jsonb')
    .addColumn('reason', 'text')
    .addColumn('rule_id', 'text')
    .addColumn('message', 'text')
    .addColumn('credit_consumed', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Admin keys hold every scope (A3): grant them this migration's new scopes, so an upgraded
  // installation's admin key can use the new API areas without being re-issued.
  await sql`
    update api_keys
    set scopes = scopes || '["channels:read","channels:write","deployments:read","deployments:write","teams:read","teams:write","credits:read","credits:write"]'::jsonb
    where scopes @> '["api_keys:write"]'::jsonb and not scopes @> '["channels:read"]'::jsonb
  `.execute(db);
}
