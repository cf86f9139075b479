import { type Kysely, sql } from 'kysely';

/**
 * Knowledge sources get a lifecycle (state, reason, last sync, per-source on/off, a revision
 * that every change bumps) and a third kind, `website`, whose crawled pages live in
 * `knowledge_pages` with what conditional requests need (ETag, Last-Modified).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE knowledge_sources DROP CONSTRAINT IF EXISTS knowledge_sources_kind_check`.execute(db);
  await sql`ALTER TABLE knowledge_sources ADD CONSTRAINT knowledge_sources_kind_check
    CHECK (kind in ('faq','document','website'))`.execute(db);
  await db.schema
    .alterTable('knowledge_sources')
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('state', 'text', (c) =>
      c.notNull().defaultTo('ready').check(sql`state in ('queued','indexing','ready','failed')`),
    )
    .addColumn('state_reason', 'text')
    .addColumn('last_synced_at', 'timestamptz')
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('knowledge_pages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('source_id', 'text', (c) => c.notNull().references('knowledge_sources.id').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('sections', 'jsonb', (c) => c.notNull())
    .addColumn('links', 'jsonb', (c) => c.notNull())
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('fetched_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('knowledge_pages_source_url', ['source_id', 'url'])
    .execute();
}
