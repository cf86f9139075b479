import type { Kysely, Selectable } from 'kysely';
import { getAgentRow } from '../agents/service.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { toJson } from '../store/json.ts';
import type { DB, KnowledgeSourcesTable } from '../store/schema.ts';
import { chunkSections } from './chunk.ts';
import { faqPassages } from './faq.ts';
import { buildKnowledgeIndex, type KnowledgeIndex } from './index.ts';
import { parseDocument } from './parse/document.ts';
import type { KnowledgeSource, ParsedSection } from './types.ts';

/**
 * Content sources per agent (C5). Documents are parsed when uploaded and stored as
 * sections; the search index is built from them on demand and cached per agent until a
 * source changes (any process sees the change through the stamp it compares).
 */
// A type alias (not an interface) so it fits the route's open response schema.
export type SourceView = {
  id: string;
  kind: 'faq' | 'document';
  title: string;
  createdAt: string;
  question?: string;
  answer?: string;
  filename?: string;
  contentType?: string;
  sections?: number;
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
  return rows.map(toSourceView);
}

/** What the API shows of a source: an FAQ whole, a document without its text. */
function toSourceView(r: Selectable<KnowledgeSourcesTable>): SourceView {
  const base = { id: r.id, kind: r.kind, title: r.title, createdAt: r.created_at.toISOString() };
  if (r.kind === 'faq') return { ...base, ...(r.content as unknown as FaqContent) };
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

/** The agent's search index, rebuilt only when its sources changed. Null when it has none. */
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
    ])
    .where('account_id', '=', accountId)
    .where('agent_id', '=', agentId)
    .executeTakeFirstOrThrow();
  if (Number(stampRow.n) === 0) return null;
  const stamp = `${stampRow.n}:${String(stampRow.latest)}:${stampRow.last}`;
  const key = `${accountId}:${agentId}`;
  const hit = cache.get(key);
  if (hit?.stamp === stamp) return hit.index;
  const rows = await db
    .selectFrom('knowledge_sources')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('agent_id', '=', agentId)
    .orderBy('id')
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
    const d = r.content as unknown as DocumentContent;
    return { ...src, kind: 'document', passages: chunkSections(src, d.sections) };
  });
  const index = buildKnowledgeIndex(sources);
  cache.set(key, { stamp, index });
  return index;
}

export function decodeBase64(text: string, path: string): Uint8Array {
  if (!/^[A-Za-z0-9+/=\s]*$/.test(text)) {
    throw new AppError('invalid', 'invalid', 'contentBase64 is not base64.', [
      { path, message: 'not base64' },
    ]);
  }
  // A plain Uint8Array: the PDF reader (unpdf) refuses Node's Buffer subclass.
  const buf = Buffer.from(text, 'base64');
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
