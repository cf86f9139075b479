/**
 * Which URLs belong to a website source: the start URL's origin and path prefix (its
 * directory), http(s) only, pages rather than files. URLs are compared in a normal form
 * (no fragment, default port dropped by WHATWG URL, query kept) so one page is one entry.
 */
export interface CrawlScope {
  origin: string;
  /** Path prefix every page must start with, ending in '/'. */
  prefix: string;
}

// Links to these are files, not help pages; fetching them would waste the page budget.
const FILE_EXTENSION =
  /\.(?:png|jpe?g|gif|webp|svg|ico|bmp|tiff?|pdf|zip|gz|tgz|rar|7z|mp[34]|m4a|mov|avi|webm|wav|ogg|css|js|mjs|json|woff2?|ttf|eot|exe|dmg|apk|docx?|xlsx?|pptx?|csv)$/i;

export function normalizeUrl(input: string, base?: string | URL): string | null {
  let url: URL;
  try {
    url = base === undefined ? new URL(input) : new URL(input, base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  return url.href;
}

/** The start URL's directory: `/help/returns` → `/help/`, `/help/` → `/help/`. */
export function scopeOf(start: string): CrawlScope {
  const url = new URL(start);
  const prefix = url.pathname.endsWith('/') ? url.pathname : url.pathname.replace(/[^/]*$/, '');
  return { origin: url.origin, prefix: prefix || '/' };
}

export function inScope(url: string, scope: CrawlScope): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.origin === scope.origin &&
    parsed.pathname.startsWith(scope.prefix) &&
    !FILE_EXTENSION.test(parsed.pathname)
  );
}
