import { type Kysely, sql } from 'kysely';

/**
 * The conversation core reshaped for channels (issue 7):
 * - conversations: status (open|closed) and owner (agent|user|team|unassigned) replace the
 *   mixed `state`; the next message sequence lives on the row; last activity for auto-close.
 * - messages: the per-channel message id; inbound messages are accepted before they are
 *   processed (`processed_at`); outbound messages carry structured parts, the inbound
 *   message they answer and a delivery state (the outbox).
 * - contact_identities: a contact has several identities, each verified or not and by what.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table conversations
    add column status text not null default 'open' check (status in ('open','closed')),
    add column owner_type text not null default 'agent' check (owner_type in ('agent','user','team','unassigned')),
    add column owner_id text,
    add column next_seq integer not null default 1,
    add column last_activity_at timestamptz not null default now(),
    add column closed_at timestamptz,
    add column close_reason text,
    add column verified_identities jsonb not null default '[]'::jsonb,
    add column lease_until timestamptz,
    add column channel_id text`.execute(db);
  await sql`update conversations c set
    status = case when c.state = 'closed' then 'closed' else 'open' end,
    owner_type = case when c.state = 'handed_off' then 'unassigned' else 'agent' end,
    owner_id = null,
    next_seq = coalesce((select max(m.seq) + 1 from messages m where m.conversation_id = c.id), 1),
    last_activity_at = c.updated_at`.execute(db);
  await sql`alter table conversations drop column state`.execute(db);
  await sql`create index conversations_channel_contact on conversations (channel_id, contact_id) where status = 'open'`.execute(
    db,
  );
  await sql`create index conversations_open_activity on conversations (last_activity_at) where status = 'open'`.execute(
    db,
  );

  await sql`alter table messages rename column client_message_id to channel_message_id`.execute(db);
  await sql`alter table messages
    add column parts jsonb,
    add column reply_to text,
    add column author_id text,
    add column processed_at timestamptz,
    add column delivery text check (delivery in ('queued','sent','failed')),
    add column delivery_error text,
    add column delivery_attempts integer not null default 0,
    add column delivered_at timestamptz,
    add column delivery_lease_until timestamptz`.execute(db);
  await sql`update messages set processed_at = created_at where role = 'customer'`.execute(db);
  await sql`update messages set delivery = 'sent', delivered_at = created_at where role in ('agent','human')`.execute(
    db,
  );
  await sql`create index messages_unprocessed on messages (created_at) where role = 'customer' and processed_at is null`.execute(
    db,
  );
  await sql`create index messages_undelivered on messages (created_at) where delivery = 'queued'`.execute(db);

  await db.schema
    .createTable('contact_identities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('verified_at', 'timestamptz')
    .addColumn('verified_via', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('contact_identities_unique', ['account_id', 'type', 'value'])
    .execute();
  await db.schema
    .createIndex('contact_identities_contact')
    .on('contact_identities')
    .column('contact_id')
    .execute();
  // Existing contacts' email, phone and external id become identities; what was vouched for stays verified.
  for (const [type, column, proof] of [
    ['email', 'email', 'email'],
    ['phone', 'phone', 'phone'],
    ['external', 'external_id', 'widget'],
  ] as const) {
    await sql`insert into contact_identities (id, account_id, contact_id, type, value, verified_at, verified_via)
      select 'cid_' || md5(random()::text || c.id || ${type}), c.account_id, c.id, ${type}, c.${sql.ref(column)},
        nullif(coalesce(c.verification ->> ${proof}, c.verification ->> 'widget'), '')::timestamptz,
        case when c.verification ? ${proof} then ${proof} when c.verification ? 'widget' then 'widget' end
      from contacts c where c.${sql.ref(column)} is not null
      on conflict do nothing`.execute(db);
  }
  await sql`alter table contacts drop column verification`.execute(db);

  // What an agent can do and know changes rarely; a revision bumped by the database on every
  // change lets each process cache the router and knowledge index and still never serve a
  // stale one, whichever process made the change.
  await sql`alter table agents add column revision bigint not null default 0`.execute(db);
  await sql`create function frontdesk_bump_agent_revision() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'INSERT' then
        update agents set revision = revision + 1 where id = old.agent_id;
      end if;
      if tg_op <> 'DELETE' and (tg_op = 'INSERT' or new.agent_id is distinct from old.agent_id) then
        update agents set revision = revision + 1 where id = new.agent_id;
      end if;
      return null;
    end $$`.execute(db);
  for (const table of ['skills', 'knowledge_sources']) {
    await sql`create trigger ${sql.raw(`${table}_bump_agent_revision`)}
      after insert or update or delete on ${sql.table(table)}
      for each row execute function frontdesk_bump_agent_revision()`.execute(db);
  }
}
