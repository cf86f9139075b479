import type { Kysely } from 'kysely';
import type { EventBus } from '../../events/bus.ts';
import type { HttpClient } from '../../shared/http/client.ts';
import { newId } from '../../shared/ids.ts';
import { toJson } from '../../store/json.ts';
import type { DB } from '../../store/schema.ts';
import { publishKnowledgeChanged } from '../events.ts';
import {
  CrawlFailed,
  type CrawlResult,
  crawlWebsite,
  type KnownPage,
  type TextFetcher,
  USER_AGENT,
} from './crawl.ts';
import type { WebsiteContent } from './settings.ts';

/** The crawler's fetcher over the one SSRF-safe client: text bodies, its address policy. */
export function clientFetcher(client: HttpClient): TextFetcher {
  return async (url, headers) => {
    const res = await client.request({
      method: 'GET',
      url,
      headers: {
        'user-agent': USER_AGENT,
        accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5',
        ...headers,
      },
      responseType: 'text',
    });
    return { status: res.status, url: res.url, headers: res.headers, body: res.bodyText };
  };
}

export interface SyncOutcome {
  state: 'ready' | 'failed';
  reason: string | null;
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
}

async function setState(
  db: Kysely<DB>,
  id: string,
  state: 'queued' | 'indexing' | 'ready' | 'failed',
  reason: string | null,
): Promise<void> {
  await db
    .updateTable('knowledge_sources')
    .set({ state, state_reason: reason })
    .where('id', '=', id)
    .execute();
}

/**
 * One sync of a website source: crawl (conditional requests against what is stored), then in
 * one transaction add new pages, re-index changed ones and drop the ones that are gone. A failed
 * crawl leaves the stored pages as they were and records why. Returns null for a source that no
 * longer exists or is not a website.
 */
export async function syncWebsite(
  db: Kysely<DB>,
  fetchText: TextFetcher,
  sourceId: string,
  events?: EventBus,
): Promise<SyncOutcome | null> {
  const source = await db
    .selectFrom('knowledge_sources')
    .selectAll()
    .where('id', '=', sourceId)
    .executeTakeFirst();
  if (source?.kind !== 'website') return null;
  await setState(db, sourceId, 'indexing', null);
  const stored = await db
    .selectFrom('knowledge_pages')
    .select(['id', 'url', 'etag', 'last_modified', 'content_hash', 'links'])
    .where('source_id', '=', sourceId)
    .execute();
  const known = new Map<string, KnownPage>(
    stored.map((p) => [
      p.url,
      {
        url: p.url,
        etag: p.etag,
        lastModified: p.last_modified,
        contentHash: p.content_hash,
        links: p.links as unknown as string[],
      },
    ]),
  );
  let result: CrawlResult;
  try {
    result = await crawlWebsite(source.content as unknown as WebsiteContent, known, fetchText);
  } catch (error) {
    const reason = error instanceof CrawlFailed ? error.message : `Sync failed: ${(error as Error).message}`;
    await setState(db, sourceId, 'failed', reason);
    return { state: 'failed', reason, added: 0, changed: 0, removed: 0, unchanged: 0 };
  }
  const outcome: SyncOutcome = {
    state: 'ready',
    reason: null,
    added: 0,
    changed: 0,
    removed: 0,
    unchanged: 0,
  };
  const reached = new Set(result.pages.map((p) => p.url));
  await db.transaction().execute(async (trx) => {
    for (const page of result.pages) {
      if (page.status === 'unchanged') {
        outcome.unchanged++;
        continue;
      }
      const previous = known.get(page.url);
      const values = {
        title: page.title,
        sections: toJson(page.sections),
        links: toJson(page.links),
        etag: page.etag,
        last_modified: page.lastModified,
        content_hash: page.contentHash,
        fetched_at: new Date(),
      };
      if (!previous) {
        outcome.added++;
        await trx
          .insertInto('knowledge_pages')
          .values({
            id: newId('kpg'),
            account_id: source.account_id,
            source_id: sourceId,
            url: page.url,
            ...values,
          })
          .execute();
      } else {
        const changed = previous.contentHash !== page.contentHash;
        if (changed) outcome.changed++;
        else outcome.unchanged++;
        await trx
          .updateTable('knowledge_pages')
          .set({ ...values, ...(changed ? { updated_at: new Date() } : {}) })
          .where('source_id', '=', sourceId)
          .where('url', '=', page.url)
          .execute();
      }
    }
    const gone = stored.filter((p) => !reached.has(p.url)).map((p) => p.id);
    outcome.removed = gone.length;
    if (gone.length > 0) await trx.deleteFrom('knowledge_pages').where('id', 'in', gone).execute();
    const changedAny = outcome.added + outcome.changed + outcome.removed > 0;
    await trx
      .updateTable('knowledge_sources')
      .set((eb) => ({
        state: 'ready',
        state_reason: null,
        last_synced_at: new Date(),
        ...(changedAny ? { revision: eb('revision', '+', 1), updated_at: new Date() } : {}),
      }))
      .where('id', '=', sourceId)
      .execute();
  });
  if (events && outcome.added + outcome.changed + outcome.removed > 0) {
    await publishKnowledgeChanged(events, source.account_id, source.agent_id);
  }
  return outcome;
}
