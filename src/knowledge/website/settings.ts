/**
 * What a website source is: where to start, how far to go, how often to re-sync. Stored as the
 * source's `content`; the pages themselves live in `knowledge_pages`.
 */
export type WebsiteScope = 'page' | 'section' | 'sitemap';

export interface WebsiteContent {
  url: string;
  scope: WebsiteScope;
  maxPages: number;
  maxDepth: number;
  syncEveryHours: number;
}

export const DEFAULT_MAX_PAGES = 100;
export const MAX_PAGES_LIMIT = 1000;
export const DEFAULT_MAX_DEPTH = 3;
export const MAX_DEPTH_LIMIT = 6;
export const DEFAULT_SYNC_EVERY_HOURS = 24;

/**
 * The scope a URL asks for when none is given: a sitemap by its name (`sitemap.xml`,
 * `sitemap_index.xml`, any `.xml`), a section when the path ends in '/' (a site's root is a
 * section), else the one page.
 */
export function detectScope(url: URL): WebsiteScope {
  const path = url.pathname.toLowerCase();
  if (path.endsWith('.xml') || path.endsWith('.xml.gz') || /sitemap/.test(path.split('/').pop() ?? '')) {
    return 'sitemap';
  }
  return path.endsWith('/') ? 'section' : 'page';
}

export function websiteContent(
  url: URL,
  input: {
    scope?: WebsiteScope | undefined;
    maxPages?: number | undefined;
    maxDepth?: number | undefined;
    syncEveryHours?: number | undefined;
  },
): WebsiteContent {
  const clean = new URL(url.href);
  clean.hash = '';
  return {
    url: clean.href,
    scope: input.scope ?? detectScope(clean),
    maxPages: input.maxPages ?? DEFAULT_MAX_PAGES,
    maxDepth: input.maxDepth ?? DEFAULT_MAX_DEPTH,
    syncEveryHours: input.syncEveryHours ?? DEFAULT_SYNC_EVERY_HOURS,
  };
}
