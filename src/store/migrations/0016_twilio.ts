import { type Kysely, sql } from 'kysely';

/**
 * Twilio SMS (E1): numbers that replied STOP on a channel (nothing more is sent to them
 * until they reply START), and the pieces of a long reply already accepted by Twilio, so a
 * retried delivery sends only the pieces that did not go out.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sms_opt_outs')
    .addColumn('channel_id', 'text', (c) => c.notNull().references('channels.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('sms_opt_outs_pk', ['channel_id', 'phone'])
    .execute();
  await db.schema
    .createTable('sms_parts')
    .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('part', 'integer', (c) => c.notNull())
    .addColumn('provider_id', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('sms_parts_pk', ['message_id', 'part'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['sms_parts', 'sms_opt_outs']) await db.schema.dropTable(t).ifExists().execute();
}
