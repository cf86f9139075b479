import type { ChildNode, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';

export interface Sitemap {
  /** `urlset`: page URLs; `index`: URLs of further sitemaps. */
  kind: 'urlset' | 'index';
  urls: string[];
}

function* elements(nodes: readonly ChildNode[]): Generator<Element> {
  for (const n of nodes) {
    if (n.type !== 'tag') continue;
    yield n;
    yield* elements(n.children);
  }
}

const local = (name: string) => name.toLowerCase().replace(/^.*:/, '');

/** Text and CDATA content, trimmed. */
function textOf(node: ChildNode): string {
  if (node.type === 'text') return node.data;
  return 'children' in node ? node.children.map(textOf).join('') : '';
}

/**
 * A sitemap (sitemaps.org protocol) read with htmlparser2 in XML mode: `<urlset>` of `<url><loc>`,
 * or `<sitemapindex>` of `<sitemap><loc>`. Null when the document is neither.
 */
export function parseSitemap(xml: string): Sitemap | null {
  const dom = parseDocument(xml, { xmlMode: true, decodeEntities: true });
  const all = [...elements(dom.children)];
  const root = all.find((e) => ['urlset', 'sitemapindex'].includes(local(e.name)));
  if (!root) return null;
  const kind = local(root.name) === 'urlset' ? 'urlset' : 'index';
  const entry = kind === 'urlset' ? 'url' : 'sitemap';
  const urls: string[] = [];
  for (const el of elements(root.children)) {
    if (local(el.name) !== entry) continue;
    const loc = [...elements(el.children)].find((c) => local(c.name) === 'loc');
    const text = loc ? textOf(loc).trim() : '';
    if (text !== '') urls.push(text);
  }
  return { kind, urls };
}
