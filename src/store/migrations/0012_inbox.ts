import { type Kysely, sql } from 'kysely';

/**
 * The inbox (spec §E8): internal notes people leave on a conversation — a table of their
 * own, so the engine (which reads messages) and the outbox never see them — and an index
 * for the inbox list, newest activity first within an account.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('conversation_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('conversation_id', 'text', (c) =>
      c.notNull().references('conversations.id').onDelete('cascade'),
    )
    .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('conversation_notes_conversation')
    .on('conversation_notes')
    .columns(['conversation_id', 'created_at'])
    .execute();
  await sql`create index conversations_inbox on conversations (account_id, last_activity_at desc, id desc)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists conversations_inbox`.execute(db);
  await db.schema.dropTable('conversation_notes').execute();
}
