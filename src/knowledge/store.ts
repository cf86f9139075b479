import type { Kysely, Selectable } from 'kysely';
import { getAgentRow } from '../agents/service.ts';
import { invalid, notFound } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { toJson } from '../store/json.ts';
import type { DB, KnowledgeSourcesTable } from '../store/schema.ts';
import { chunkSections } from './chunk.ts';
import { faqPassages } from './faq.ts';
import { buildKnowledgeIndex, type KnowledgeIndex } from './index.ts';
import { parseDocument } from './parse/document.ts';
import type { KnowledgeSource, ParsedSection, Passage } from './types.ts';
import type { WebsiteContent } from './website/settings.ts';

/**
 * Content sources per agent (C5). Documents are parsed when uploaded and stored as
 * sections; website pages are stored by the sync job (website/sync.ts). The search index is
 * built from enabled sources on demand and cached per agent until a source changes (any
 * process sees the change through the stamp it compares).
 */
// A type alias (not an interface) so it fits the route's open response schema.
export type SourceView = {
  id: string;
  kind: 'faq' | 'document' | 'website';
  title: string;
  createdAt: string;
  enabled: boolean;
  state: 'queued' | 'indexing' | 'ready' | 'failed';
  stateReason: string | null;
  lastSyncedAt: string | null;
  question?: string;
  answer?: string;
  filename?: string;
  contentType?: string;
  sections?: number;
  url?: string;
  scope?: string;
  pageCount?: number;
};

interface FaqContent {
  question: string;
  answer: string;
}
interface DocumentContent {
  filename?: string;
  contentType: string;
  sections: ParsedSection[];
}

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

async function pageCounts(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('knowledge_pages')
    .select((eb) => ['source_id', eb.fn.countAll<number>().as('n')])
    .where('source_id', 'in', ids)
    .groupBy('source_id')
    .execute();
  return new Map(rows.map((r) => [r.source_id, Number(r.n)]));
}

/** What the API shows of a source: an FAQ whole, a document or website without its text. */
function toSourceView(r: Selectable<KnowledgeSourcesTable>, pages = 0): SourceView {
  const base = {
    id: r.id,
    kind: r.kind,
    title: r.title,
    createdAt: r.created_at.toISOString(),
    enabled: r.enabled,
    state: r.state,
    stateReason: r.state_reason,
    lastSyncedAt: r.last_synced_at ? r.last_synced_at.toISOString() : null,
  };
  if (r.kind === 'faq') return { ...base, ...(r.content as unknown as FaqContent) };
  if (r.kind === 'website') {
    const w = r.content as unknown as WebsiteContent;
    return { ...base, url: w.url, scope: w.scope, pageCount: pages };
  }
  const c = r.content as unknown as DocumentContent;
  return {
    ...base,
    contentType: c.contentType,
    sections: c.sections.length,
    ...(c.filename ? { filename: c.filename } : {}),
  };
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

const cache = new Map<string, { stamp: string; index: KnowledgeIndex }>();

/**
 * The agent's search index over its enabled sources, rebuilt only when a source changed (the
 * stamp covers every row's revision, so a toggle or a re-sync is seen by every process). Null
 * when it has none.
 */
export async function knowledgeIndexFor(
  db: Kysely<DB>,
  accountId: string,
  agentId: string,
): Promise<KnowledgeIndex | null> {
  const stampRow = await db
    .selectFrom('knowledge_sources')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.max('updated_at').as('latest'),
      eb.fn.max('id').as('last'),
      eb.fn.sum<number>('revision').as('revisions'),
    ])
    .where('account_id', '=', accountId)
    .where('agent_id', '=', agentId)
    .where('enabled', '=', true)
    .executeTakeFirstOrThrow();
  if (Number(stampRow.n) === 0) return null;
  const stamp = `${stampRow.n}:${String(stampRow.latest)}:${stampRow.last}:${stampRow.revisions}`;
  const key = `${accountId}:${agentId}`;
  const hit = cache.get(key);
  if (hit?.stamp === stamp) return hit.index;
  const rows = await db
    .selectFrom('knowledge_sources')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('agent_id', '=', agentId)
    .where('enabled', '=', true)
    .orderBy('id')
    .execute();
  const websiteIds = rows.filter((r) => r.kind === 'website').map((r) => r.id);
  const pages =
    websiteIds.length === 0
      ? []
      : await db
          .selectFrom('knowledge_pages')
          .select(['source_id', 'url', 'title', 'sections'])
          .where('source_id', 'in', websiteIds)
          .orderBy('url')
          .execute();
  const sources: KnowledgeSource[] = rows.map((r) => {
    const src = { id: r.id, title: r.title };
    if (r.kind === 'faq') {
      const f = r.content as unknown as FaqContent;
      return {
        ...src,
        kind: 'faq',
        passages: faqPassages(src, [{ id: r.id, question: f.question, answer: f.answer }]),
      };
    }
    if (r.kind === 'website') {
      const passages: Passage[] = pages
        .filter((p) => p.source_id === r.id)
        .flatMap((p) =>
          chunkSections({ id: r.id, title: p.title }, p.sections as unknown as ParsedSection[]).map((x) => ({
            ...x,
            url: p.url,
          })),
        );
      return { ...src, kind: 'website', passages };
    }
    const d = r.content as unknown as DocumentContent;
    return { ...src, kind: 'document', passages: chunkSections(src, d.sections) };
  });
  const index = buildKnowledgeIndex(sources);
  cache.set(key, { stamp, index });
  return index;
}

export function decodeBase64(text: string, path: string): Uint8Array {
  if (!/^[A-Za-z0-9+/=\s]*$/.test(text)) {
    throw invalid('contentBase64 is not base64.', [{ path, message: 'not base64' }]);
  }
  return new Uint8Array(Buffer.from(text, 'base64'));
}
