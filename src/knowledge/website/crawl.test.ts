import { describe, expect, it } from 'vitest';
import { contentHash, crawlWebsite, type FetchedText, type KnownPage, type TextFetcher } from './crawl.ts';
import { inScope, normalizeUrl, scopeOf } from './scope.ts';
import { detectScope, websiteContent } from './settings.ts';
import { parseSitemap } from './sitemap.ts';

const ORIGIN = 'https://help.example.com';
const html = (title: string, body: string, extra = '') =>
  `<html><head><title>${title}</title>${extra}</head><body><main>${body}</main></body></html>`;

/** A site as a map of path → response; records what was asked, with which headers. */
function fakeSite(routes: Record<string, Partial<FetchedText> & { redirect?: string }>) {
  const asked: { path: string; headers: Record<string, string> }[] = [];
  const fetchText: TextFetcher = async (url, headers) => {
    const path = new URL(url).pathname;
    asked.push({ path, headers });
    let route = routes[path];
    let final = url;
    if (route?.redirect) {
      final = new URL(route.redirect, url).href;
      route = routes[new URL(final).pathname];
    }
    if (!route) return { status: 404, url: final, headers: {}, body: '' };
    if (route.status === -1) throw new Error('connection reset');
    return {
      status: route.status ?? 200,
      url: final,
      headers: route.headers ?? { 'content-type': 'text/html' },
      body: route.body ?? '',
    };
  };
  return { fetchText, asked };
}

const settings = (url: string, overrides: Partial<ReturnType<typeof websiteContent>> = {}) => ({
  ...websiteContent(new URL(url), {}),
  ...overrides,
});

describe('scope and settings', () => {
  it('keeps the origin and directory of the start URL, and leaves files out', () => {
    expect(scopeOf(`${ORIGIN}/help/returns`)).toEqual({ origin: ORIGIN, prefix: '/help/' });
    expect(scopeOf(`${ORIGIN}/`)).toEqual({ origin: ORIGIN, prefix: '/' });
    const scope = scopeOf(`${ORIGIN}/help/`);
    expect(inScope(`${ORIGIN}/help/a?x=1`, scope)).toBe(true);
    expect(inScope(`${ORIGIN}/blog/a`, scope)).toBe(false);
    expect(inScope('https://other.example.com/help/a', scope)).toBe(false);
    expect(inScope(`${ORIGIN}/help/guide.pdf`, scope)).toBe(false);
    expect(normalizeUrl('../b#top', `${ORIGIN}/help/a/`)).toBe(`${ORIGIN}/help/b`);
    expect(normalizeUrl('mailto:x@example.com')).toBeNull();
  });

  it('detects a sitemap, a section or a page from the URL', () => {
    expect(detectScope(new URL(`${ORIGIN}/sitemap.xml`))).toBe('sitemap');
    expect(detectScope(new URL(`${ORIGIN}/help/`))).toBe('section');
    expect(detectScope(new URL(ORIGIN))).toBe('section');
    expect(detectScope(new URL(`${ORIGIN}/help/returns`))).toBe('page');
  });
});

describe('parseSitemap', () => {
  it('reads url sets, sitemap indexes, namespaces, entities and CDATA', () => {
    expect(
      parseSitemap(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' +
          '<url><loc> https://x.test/a?b=1&amp;c=2 </loc><lastmod>2026-01-01</lastmod></url>' +
          '<url><loc><![CDATA[https://x.test/b]]></loc></url></urlset>',
      ),
    ).toEqual({ kind: 'urlset', urls: ['https://x.test/a?b=1&c=2', 'https://x.test/b'] });
    expect(
      parseSitemap(
        '<sm:sitemapindex xmlns:sm="x"><sm:sitemap><sm:loc>https://x.test/s1.xml</sm:loc></sm:sitemap></sm:sitemapindex>',
      ),
    ).toEqual({ kind: 'index', urls: ['https://x.test/s1.xml'] });
    expect(parseSitemap('<html><body>not a sitemap</body></html>')).toBeNull();
  });
});

describe('crawlWebsite', () => {
  it('follows links within the section and depth, honouring robots.txt and noindex', async () => {
    const site = fakeSite({
      '/robots.txt': {
        headers: { 'content-type': 'text/plain' },
        body: 'User-agent: *\nDisallow: /help/private',
      },
      '/help/': {
        body: html(
          'Help',
          '<p>Start</p><a href="a">A</a> <a href="/help/private/x">P</a> <a href="/shop">S</a>',
        ),
      },
      '/help/a': { body: html('A', '<p>Page A</p><a href="/help/b">B</a> <a href="/help/hidden">H</a>') },
      '/help/b': { body: html('B', '<p>Page B</p><a href="/help/c">C</a>') },
      '/help/c': { body: html('C', '<p>Too deep</p>') },
      '/help/hidden': { body: html('H', '<p>Hidden</p>', '<meta name="robots" content="noindex">') },
    });
    const result = await crawlWebsite(
      settings(`${ORIGIN}/help/`, { maxDepth: 2 }),
      new Map(),
      site.fetchText,
    );
    expect(result.pages.map((p) => p.url).sort()).toEqual([
      `${ORIGIN}/help/`,
      `${ORIGIN}/help/a`,
      `${ORIGIN}/help/b`,
    ]);
    expect(result.disallowed).toEqual([`${ORIGIN}/help/private/x`]);
    expect(site.asked.map((a) => a.path)).not.toContain('/shop');
    expect(site.asked.map((a) => a.path)).not.toContain('/help/c');
  });

  it('stops at the page limit', async () => {
    const links = Array.from({ length: 20 }, (_, i) => `<a href="/p${i}">${i}</a>`).join(' ');
    const routes: Record<string, Partial<FetchedText>> = {
      '/': { body: html('Home', `<p>Home</p>${links}`) },
    };
    for (let i = 0; i < 20; i++) routes[`/p${i}`] = { body: html(`P${i}`, `<p>Page ${i}</p>`) };
    const site = fakeSite(routes);
    const result = await crawlWebsite(settings(`${ORIGIN}/`, { maxPages: 5 }), new Map(), site.fetchText);
    expect(result.pages).toHaveLength(5);
    expect(site.asked.filter((a) => a.path !== '/robots.txt')).toHaveLength(5);
  });

  it('asks known pages conditionally and keeps them on 304 or a transient error; drops gone ones', async () => {
    const known = new Map<string, KnownPage>(
      ['a', 'b', 'gone'].map((p) => [
        `${ORIGIN}/help/${p}`,
        {
          url: `${ORIGIN}/help/${p}`,
          etag: `"${p}"`,
          lastModified: 'Mon, 02 Nov 2026 10:00:00 GMT',
          contentHash: 'h',
          links: [],
        },
      ]),
    );
    const site = fakeSite({
      '/help/': { body: html('Help', '<p>Index</p><a href="a">a</a><a href="b">b</a><a href="gone">g</a>') },
      '/help/a': { status: 304 },
      '/help/b': { status: 503 },
    });
    const result = await crawlWebsite(settings(`${ORIGIN}/help/`), known, site.fetchText);
    expect(result.pages.filter((p) => p.status === 'unchanged').map((p) => p.url)).toEqual([
      `${ORIGIN}/help/a`,
      `${ORIGIN}/help/b`,
    ]);
    expect(result.pages.map((p) => p.url)).not.toContain(`${ORIGIN}/help/gone`);
    const a = site.asked.find((x) => x.path === '/help/a')!;
    expect(a.headers).toEqual({
      'if-none-match': '"a"',
      'if-modified-since': 'Mon, 02 Nov 2026 10:00:00 GMT',
    });
  });

  it('stores a redirected page under its final URL, and leaves out one redirected off the site', async () => {
    const site = fakeSite({
      '/help/': { body: html('Help', '<p>x</p><a href="old">old</a><a href="away">away</a>') },
      '/help/old': { redirect: '/help/new' },
      '/help/new': { body: html('New', '<p>New page</p>') },
      '/help/away': { redirect: 'https://elsewhere.example.com/x' },
    });
    const result = await crawlWebsite(settings(`${ORIGIN}/help/`), new Map(), site.fetchText);
    expect(result.pages.map((p) => p.url).sort()).toEqual([`${ORIGIN}/help/`, `${ORIGIN}/help/new`]);
  });

  it('reads a sitemap without following links, and fails with a reason when nothing can be read', async () => {
    const site = fakeSite({
      '/sitemap.xml': {
        headers: { 'content-type': 'application/xml' },
        body: `<urlset><url><loc>${ORIGIN}/a</loc></url><url><loc>https://other.test/b</loc></url></urlset>`,
      },
      '/a': { body: html('A', '<p>A</p><a href="/c">c</a>') },
    });
    const result = await crawlWebsite(settings(`${ORIGIN}/sitemap.xml`), new Map(), site.fetchText);
    expect(result.pages.map((p) => p.url)).toEqual([`${ORIGIN}/a`]);
    expect(site.asked.map((a) => a.path)).not.toContain('/c');

    const down = fakeSite({ '/robots.txt': { status: 503 } });
    await expect(crawlWebsite(settings(`${ORIGIN}/help/`), new Map(), down.fetchText)).rejects.toThrow(
      /robots\.txt answered 503/,
    );
    const empty = fakeSite({ '/help/': { status: -1 } });
    await expect(crawlWebsite(settings(`${ORIGIN}/help/`), new Map(), empty.fetchText)).rejects.toThrow(
      /No page of the site could be read/,
    );
  });

  it('hashes title and sections, so an unchanged page compares equal', () => {
    const sections = [{ heading: 'A', anchor: 'a', text: 'x' }];
    expect(contentHash('T', sections)).toBe(contentHash('T', [{ ...sections[0]! }]));
    expect(contentHash('T', sections)).not.toBe(contentHash('T2', sections));
  });
});
