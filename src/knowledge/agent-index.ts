import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.ts';
import { chunkSections } from './chunk.ts';
import { faqPassages } from './faq.ts';
import { buildKnowledgeIndex, type KnowledgeIndex } from './index.ts';
import type { DocumentContent, FaqContent } from './source-view.ts';
import type { KnowledgeSource, ParsedSection, Passage } from './types.ts';

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
