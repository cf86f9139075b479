import { createHash } from 'node:crypto';
import robotsModule from 'robots-parser';
import { parseHtmlPage } from '../parse/html.ts';
import type { ParsedSection } from '../types.ts';
import { type CrawlScope, inScope, normalizeUrl, scopeOf } from './scope.ts';
import type { WebsiteContent } from './settings.ts';
import { parseSitemap } from './sitemap.ts';

/** One GET as the crawler sees it; throws on network failure (caught per page). */
export interface FetchedText {
  status: number;
  /** The URL that answered, after redirects. */
  url: string;
  headers: Record<string, string>;
  body: string;
}
export type TextFetcher = (url: string, headers: Record<string, string>) => Promise<FetchedText>;

/** What the previous sync stored of a page: enough for a conditional request and for links. */
export interface KnownPage {
  url: string;
  etag: string | null;
  lastModified: string | null;
  contentHash: string;
  links: string[];
}

export type CrawledPage =
  | { url: string; status: 'unchanged' }
  | {
      url: string;
      status: 'fetched';
      title: string;
      sections: ParsedSection[];
      links: string[];
      etag: string | null;
      lastModified: string | null;
      contentHash: string;
    };

export interface CrawlResult {
  pages: CrawledPage[];
  /** URLs robots.txt kept us from (for the sync log and tests). */
  disallowed: string[];
}

// robots-parser is CommonJS (`module.exports = fn`) typed as a default export: Node hands the
// function itself to a default import, TypeScript expects it under `.default`.
const robotsParser = robotsModule as unknown as typeof robotsModule.default;

export const USER_AGENT_TOKEN = 'FrontdeskBot';
export const USER_AGENT = 'FrontdeskBot/0.1 (knowledge sync; +https://github.com/frontdesk)';
const CONCURRENCY = 2;
const MAX_CRAWL_DELAY_SECONDS = 5;
const MAX_SITEMAPS = 10;

export class CrawlFailed extends Error {}

const isHtml = (type: string | undefined) => /^\s*(text\/html|application\/xhtml\+xml)\b/i.test(type ?? '');
const isOk = (status: number) => status >= 200 && status < 300;

export function contentHash(title: string, sections: readonly ParsedSection[]): string {
  return createHash('sha256')
    .update(JSON.stringify([title, sections]))
    .digest('hex');
}

async function loadRobots(fetchText: TextFetcher, origin: string) {
  const url = `${origin}/robots.txt`;
  let res: FetchedText;
  try {
    res = await fetchText(url, {});
  } catch (error) {
    throw new CrawlFailed(`robots.txt could not be fetched: ${(error as Error).message}`);
  }
  // RFC 9309: a missing robots.txt (4xx) allows everything; an unreachable one (5xx) nothing.
  if (res.status >= 500)
    throw new CrawlFailed(`robots.txt answered ${res.status}; the site was not crawled.`);
  return robotsParser(url, isOk(res.status) ? res.body : '');
}

/** Page URLs of a sitemap, following a sitemap index one level down. */
async function sitemapUrls(fetchText: TextFetcher, url: string, depth = 0): Promise<string[]> {
  let res: FetchedText;
  try {
    res = await fetchText(url, {});
  } catch {
    return [];
  }
  if (!isOk(res.status)) return [];
  const map = parseSitemap(res.body);
  if (!map) return [];
  if (map.kind === 'urlset') return map.urls;
  if (depth > 0) return [];
  const nested = await Promise.all(
    map.urls.slice(0, MAX_SITEMAPS).map((u) => sitemapUrls(fetchText, u, depth + 1)),
  );
  return nested.flat();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Crawls a website source: robots.txt first (honoured for every URL, its crawl delay too), then
 * the sitemap or the start page, following links breadth-first within the origin and path
 * prefix up to the depth and page limits, a few requests at a time. Pages known from the last
 * sync are asked for conditionally (If-None-Match / If-Modified-Since); a 304 keeps them as they
 * are. A page that errs transiently (network, 5xx, 429) is kept as it was; one that is gone
 * (404/410), disallowed or marked noindex is not in the result, so the caller drops it.
 */
export async function crawlWebsite(
  settings: WebsiteContent,
  known: ReadonlyMap<string, KnownPage>,
  fetchText: TextFetcher,
): Promise<CrawlResult> {
  const start = normalizeUrl(settings.url);
  if (!start) throw new CrawlFailed('The start URL is not a valid http(s) URL.');
  const scope: CrawlScope = scopeOf(start);
  const robots = await loadRobots(fetchText, scope.origin);
  const delay = Math.min(robots.getCrawlDelay(USER_AGENT_TOKEN) ?? 0, MAX_CRAWL_DELAY_SECONDS) * 1000;
  const allowed = (url: string) => robots.isAllowed(url, USER_AGENT_TOKEN) !== false;

  const maxDepth = settings.scope === 'page' ? 0 : settings.scope === 'sitemap' ? 0 : settings.maxDepth;
  let seeds: string[] = [start];
  if (settings.scope === 'sitemap') {
    seeds = await sitemapUrls(fetchText, start);
    if (seeds.length === 0) throw new CrawlFailed('The sitemap could not be read or lists no pages.');
  } else if (settings.scope === 'section') {
    const fromRobots = await Promise.all(
      robots
        .getSitemaps()
        .slice(0, MAX_SITEMAPS)
        .map((u: string) => sitemapUrls(fetchText, u)),
    );
    seeds = [start, ...fromRobots.flat()];
  }
  // A sitemap lists pages for its own directory; a page or section, the start URL's.
  const pageScope = settings.scope === 'sitemap' ? scopeOf(new URL('/', start).href) : scope;

  const queue: { url: string; depth: number }[] = [];
  const seen = new Set<string>();
  const pages = new Map<string, CrawledPage>();
  const disallowed: string[] = [];
  const enqueue = (raw: string, depth: number, base?: string) => {
    const url = normalizeUrl(raw, base);
    if (!url || seen.has(url) || !inScope(url, pageScope)) return;
    seen.add(url);
    if (!allowed(url)) {
      disallowed.push(url);
      return;
    }
    queue.push({ url, depth });
  };
  for (const s of seeds) enqueue(s, 0);

  const visit = async ({ url, depth }: { url: string; depth: number }) => {
    const previous = known.get(url);
    const headers: Record<string, string> = {};
    if (previous?.etag) headers['if-none-match'] = previous.etag;
    if (previous?.lastModified) headers['if-modified-since'] = previous.lastModified;
    let res: FetchedText | undefined;
    try {
      res = await fetchText(url, headers);
    } catch {
      res = undefined;
    }
    const follow = (links: readonly string[], base: string) => {
      if (depth < maxDepth) for (const l of links) enqueue(l, depth + 1, base);
    };
    if (!res || res.status >= 500 || res.status === 429 || res.status === 304) {
      // Unchanged, or not reachable right now: what the last sync stored stands.
      if (previous) {
        pages.set(url, { url, status: 'unchanged' });
        follow(previous.links, url);
      }
      return;
    }
    if (!isOk(res.status) || !isHtml(res.headers['content-type'])) return;
    const final = normalizeUrl(res.url) ?? url;
    // A redirect out of the scope leaves the page out; into a page already seen, it is that page.
    if (final !== url) {
      if (!inScope(final, pageScope) || !allowed(final) || pages.has(final)) return;
      seen.add(final);
    }
    const page = parseHtmlPage(res.body);
    const base = normalizeUrl(page.base, final) ?? final;
    const robotsMeta = page.robots.toLowerCase();
    if (!/\bnofollow\b|\bnone\b/.test(robotsMeta)) follow(page.links, base);
    if (/\bnoindex\b|\bnone\b/.test(robotsMeta) || page.sections.length === 0) return;
    const title = page.title.trim() || final;
    pages.set(final, {
      url: final,
      status: 'fetched',
      title,
      sections: page.sections,
      links: page.links.map((l) => normalizeUrl(l, base)).filter((l): l is string => l !== null),
      etag: res.headers['etag'] ?? null,
      lastModified: res.headers['last-modified'] ?? null,
      contentHash: contentHash(title, page.sections),
    });
  };

  // Breadth-first, CONCURRENCY requests at a time (one, spaced, when robots.txt sets a delay).
  const width = delay > 0 ? 1 : CONCURRENCY;
  let requests = 0;
  while (queue.length > 0 && requests < settings.maxPages) {
    const batch = queue.splice(0, Math.min(width, settings.maxPages - requests));
    requests += batch.length;
    await Promise.all(batch.map(visit));
    if (delay > 0 && queue.length > 0) await sleep(delay);
  }
  if (pages.size === 0) throw new CrawlFailed('No page of the site could be read.');
  return { pages: [...pages.values()], disallowed };
}
