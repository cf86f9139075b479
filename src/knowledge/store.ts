import type { Kysely, Selectable } from 'kysely';
import { getAgentRow } from '../agents/service.ts';
import { invalid, notFound } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { toJson } from '../store/json.ts';
import type { DB, KnowledgeSourcesTable } from '../store/schema.ts';
import { parseDocument } from './parse/document.ts';
import {
  type DocumentContent,
  type FaqContent,
  pageCounts,
  type SourceView,
  toSourceView,
} from './source-view.ts';
import type { WebsiteContent } from './website/settings.ts';

export { knowledgeIndexFor } from './agent-index.ts';
export type { SourceView } from './source-view.ts';

/**
 * Content sources per agent (C5). Documents are parsed when uploaded and stored as
 * sections; website pages are stored by the sync job (website/sync.ts). The search index is
 * built from enabled sources on demand and cached per agent until a source changes (any
 * process sees the change through the stamp it compares).
 */
const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export async function addFaq(
  db: Kysely<DB>,
  accountId: string,
  agentId: string,
  faq: FaqContent,
): Promise<SourceView> {
  await getAgentRow(db, accountId, agentId);
  const row = await db
    .insertInto('knowledge_sources')
    .values({
      id: newId('kno'),
      account_id: accountId,
      agent_id: agentId,
      kind: 'faq',
      title: faq.question,
      content: toJson(faq),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSourceView(row);
}

export async function addDocument(
  db: Kysely<DB>,
  accountId: string,
  agentId: string,
  input: {
    title?: string | undefined;
    filename?: string | undefined;
    contentType: string;
    data: Uint8Array | string;
  },
): Promise<SourceView> {
  await getAgentRow(db, accountId, agentId);
  const parsed = await parseDocument(
    {
      contentType: input.contentType,
      data: input.data,
      ...(input.filename ? { filename: input.filename } : {}),
    },
    { maxBytes: MAX_DOCUMENT_BYTES },
  );
  const content: DocumentContent = {
    contentType: input.contentType,
    sections: parsed.sections,
    ...(input.filename ? { filename: input.filename } : {}),
  };
  const title = input.title?.trim() || parsed.title;
  const row = await db
    .insertInto('knowledge_sources')
    .values({
      id: newId('kno'),
      account_id: accountId,
      agent_id: agentId,
      kind: 'document',
      title,
      content: toJson(content),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSourceView(row);
}

/** A website source, queued: the caller enqueues its first sync. */
export async function addWebsite(
  db: Kysely<DB>,
  accountId: string,
  agentId: string,
  title: string,
  content: WebsiteContent,
): Promise<SourceView> {
  await getAgentRow(db, accountId, agentId);
  const row = await db
    .insertInto('knowledge_sources')
    .values({
      id: newId('kno'),
      account_id: accountId,
      agent_id: agentId,
      kind: 'website',
      title,
      content: toJson(content),
      state: 'queued',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSourceView(row, 0);
}

export async function listSources(db: Kysely<DB>, accountId: string, agentId: string): Promise<SourceView[]> {
  await getAgentRow(db, accountId, agentId);
  const rows = await db
    .selectFrom('knowledge_sources')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('agent_id', '=', agentId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const counts = await pageCounts(
    db,
    rows.filter((r) => r.kind === 'website').map((r) => r.id),
  );
  return rows.map((r) => toSourceView(r, counts.get(r.id) ?? 0));
}

export async function getSource(
  db: Kysely<DB>,
  accountId: string,
  agentId: string,
  id: string,
): Promise<SourceView> {
  const row = await sourceRow(db, accountId, agentId, id);
  return toSourceView(row, (await pageCounts(db, [row.id])).get(row.id) ?? 0);
}

export async function sourceRow(
  db: Kysely<DB>,
  accountId: string,
  agentId: string,
  id: string,
): Promise<Selectable<KnowledgeSourcesTable>> {
  const row = await db
    .selectFrom('knowledge_sources')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('agent_id', '=', agentId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('Content source');
  return row;
}

/** Turns a source on or off (off: kept, synced, but never used for answers) or renames it. */
export async function updateSource(
  db: Kysely<DB>,
  accountId: string,
  agentId: string,
  id: string,
  patch: { enabled?: boolean | undefined; title?: string | undefined },
): Promise<SourceView> {
  await sourceRow(db, accountId, agentId, id);
  await db
    .updateTable('knowledge_sources')
    .set((eb) => ({
      ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      revision: eb('revision', '+', 1),
      updated_at: new Date(),
    }))
    .where('id', '=', id)
    .execute();
  return getSource(db, accountId, agentId, id);
}

export async function deleteSource(
  db: Kysely<DB>,
  accountId: string,
  agentId: string,
  id: string,
): Promise<void> {
  const res = await db
    .deleteFrom('knowledge_sources')
    .where('account_id', '=', accountId)
    .where('agent_id', '=', agentId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (res.numDeletedRows === 0n) throw notFound('Content source');
}

export function decodeBase64(text: string, path: string): Uint8Array {
  if (!/^[A-Za-z0-9+/=\s]*$/.test(text)) {
    throw invalid('contentBase64 is not base64.', [{ path, message: 'not base64' }]);
  }
  return new Uint8Array(Buffer.from(text, 'base64'));
}
