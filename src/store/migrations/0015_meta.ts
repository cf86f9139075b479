import { type Kysely, sql } from 'kysely';

/**
 * WhatsApp and Messenger (spec §E1): provider delivery receipts (delivered, read) as
 * delivery states; a lookup of an outbound message by the provider's id (status webhooks
 * name only that); and, per channel and contact, whom to send to and when the customer
 * last wrote (Meta's 24-hour customer-service window counts from the provider's timestamp).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table messages drop constraint if exists messages_delivery_check`.execute(db);
  await sql`alter table messages add constraint messages_delivery_check
    check (delivery in ('queued','sent','delivered','read','failed'))`.execute(db);
  await sql`create index messages_channel_message_id on messages (channel_message_id)
    where channel_message_id is not null`.execute(db);
  await db.schema
    .createTable('meta_recipients')
    .addColumn('channel_id', 'text', (c) => c.notNull().references('channels.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    // The WhatsApp id (wa_id) or the page-scoped id (PSID) replies go to.
    .addColumn('recipient_id', 'text', (c) => c.notNull())
    .addColumn('last_inbound_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('meta_recipients_pk', ['channel_id', 'contact_id'])
    .execute();
  // A known sender's next message finds its open conversation by the provider's id.
  await sql`create index meta_recipients_recipient on meta_recipients (channel_id, recipient_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('meta_recipients').execute();
  await sql`drop index messages_channel_message_id`.execute(db);
  await sql`alter table messages drop constraint if exists messages_delivery_check`.execute(db);
  await sql`alter table messages add constraint messages_delivery_check
    check (delivery in ('queued','sent','failed'))`.execute(db);
}
