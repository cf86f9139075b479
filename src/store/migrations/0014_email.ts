import { type Kysely, sql } from 'kysely';

/**
 * The email channel (spec §E1, contracts §5): every Message-ID seen or sent on an email
 * channel, so a reply (In-Reply-To / References) finds its conversation and a redelivered
 * message is recognised; and per conversation what a reply needs (where to, the parent's
 * ids, the subject) plus the plus-address token that threads a reply without headers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('email_threads')
    .addColumn('channel_id', 'text', (c) => c.notNull().references('channels.id').onDelete('cascade'))
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('conversation_id', 'text', (c) =>
      c.notNull().references('conversations.id').onDelete('cascade'),
    )
    .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('in','out')`))
    // The sender's address (inbound): replies to one sender are rate-limited by it.
    .addColumn('sender', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('email_threads_pk', ['channel_id', 'message_id'])
    .execute();
  await db.schema
    .createIndex('email_threads_sender')
    .on('email_threads')
    .columns(['channel_id', 'sender', 'created_at'])
    .execute();

  await db.schema
    .createTable('email_conversations')
    .addColumn('conversation_id', 'text', (c) =>
      c.primaryKey().references('conversations.id').onDelete('cascade'),
    )
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('channel_id', 'text', (c) => c.notNull().references('channels.id').onDelete('cascade'))
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('reply_to', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('parent_message_id', 'text')
    .addColumn('parent_references', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}
