import type { Kysely, Selectable } from 'kysely';
import type { DB, KnowledgeSourcesTable } from '../store/schema.ts';
import type { ParsedSection } from './types.ts';
import type { WebsiteContent } from './website/settings.ts';

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

export interface FaqContent {
  question: string;
  answer: string;
}
export interface DocumentContent {
  filename?: string;
  contentType: string;
  sections: ParsedSection[];
}

export async function pageCounts(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, number>> {
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
export function toSourceView(r: Selectable<KnowledgeSourcesTable>, pages = 0): SourceView {
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
