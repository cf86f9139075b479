import type { ChildNode, Document, Element } from 'domhandler';
import { parseDocument as parseDom } from 'htmlparser2';
import type { ParsedDocument, ParsedSection } from '../types.ts';
import { anchorAllocator, slugify } from './anchors.ts';

// Content that is not the page's text: code, embedded objects, and site chrome (navigation,
// sidebars, footers, forms) that would otherwise answer questions with menu labels.
const DROPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'iframe',
  'object',
  'canvas',
  'select',
  'button',
  'nav',
  'aside',
  'footer',
  'form',
  'dialog',
  'head',
]);

// Elements that begin and end a block of text; inline elements just continue the line.
const BLOCK = new Set([
  'address',
  'article',
  'blockquote',
  'body',
  'caption',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'header',
  'h4',
  'h5',
  'h6',
  'li',
  'main',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'thead',
  'tfoot',
  'tr',
  'ul',
]);

const SECTION_HEADINGS = new Set(['h1', 'h2', 'h3']);

export interface HtmlPage extends ParsedDocument {
  /** `href` of every link in the page (chrome included: navigation is how a site is crawled). */
  links: string[];
  /** `<link rel=canonical>`, `<base href>` and `<meta name=robots>` as written, or ''. */
  canonical: string;
  base: string;
  robots: string;
}

const isElement = (n: ChildNode): n is Element =>
  n.type === 'tag' || n.type === 'script' || n.type === 'style';

function isHidden(el: Element): boolean {
  return 'hidden' in el.attribs || el.attribs['aria-hidden'] === 'true';
}

function* elements(nodes: readonly ChildNode[]): Generator<Element> {
  for (const n of nodes) {
    if (!isElement(n)) continue;
    yield n;
    yield* elements(n.children);
  }
}

function textOf(node: ChildNode): string {
  if (node.type === 'text') return node.data;
  if (!isElement(node) || node.name === 'script' || node.name === 'style') return '';
  return node.children.map(textOf).join('');
}

/** Normalises collected text into '\n'-separated blocks with single spaces inside. */
function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\f\v\r\u00a0]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * Where a page says what it is for: <main>, else [role=main], else a lone <article>, else the
 * whole body (chrome is dropped either way).
 */
function contentRoot(dom: Document): readonly ChildNode[] {
  const all = [...elements(dom.children)];
  const main = all.find((e) => e.name === 'main') ?? all.find((e) => e.attribs['role'] === 'main');
  if (main) return [main];
  const articles = all.filter((e) => e.name === 'article');
  if (articles.length === 1) return articles;
  return dom.children;
}

/** Turns a content subtree into sections split at h1–h3. */
function collectSections(roots: readonly ChildNode[]): { sections: ParsedSection[]; firstH1: string } {
  const allocate = anchorAllocator();
  const sections: ParsedSection[] = [];
  let firstH1 = '';
  let current = { heading: '', anchor: '', text: '' };
  let pre = 0;
  const flush = () => {
    const text = tidy(current.text);
    if (text !== '') sections.push({ heading: current.heading, anchor: current.anchor, text });
  };
  const startSection = (level: string, text: string, id: string) => {
    const heading = tidy(text.replace(/\n/g, ' '));
    if (level === 'h1' && firstH1 === '') firstH1 = heading;
    flush();
    current = { heading, anchor: allocate(id.trim() || slugify(heading)), text: '' };
  };
  const walk = (node: ChildNode): void => {
    if (node.type === 'text') {
      current.text += pre > 0 ? node.data : node.data.replace(/\s+/g, ' ');
      return;
    }
    if (!isElement(node)) return;
    const { name } = node;
    if (DROPPED.has(name) || isHidden(node)) return;
    if (name === 'br' || name === 'hr') {
      current.text += '\n';
      return;
    }
    if (SECTION_HEADINGS.has(name)) {
      // A heading ends at its first block child, as browsers close an unclosed heading there.
      const split = node.children.findIndex((c) => isElement(c) && BLOCK.has(c.name));
      const inline = split === -1 ? node.children : node.children.slice(0, split);
      const anchored = [node, ...elements(inline)].find((e) => e.attribs['id']);
      startSection(name, inline.map(textOf).join(''), anchored?.attribs['id'] ?? '');
      if (split !== -1) for (const c of node.children.slice(split)) walk(c);
      return;
    }
    const block = BLOCK.has(name);
    if (block) current.text += '\n';
    else if (name === 'td' || name === 'th') current.text += ' ';
    if (name === 'pre') pre++;
    for (const c of node.children) walk(c);
    if (name === 'pre') pre--;
    if (block) current.text += '\n';
  };
  for (const root of roots) walk(root);
  flush();
  return { sections, firstH1 };
}

/**
 * HTML → title, sections at h1–h3, and the page's links. Parsed by htmlparser2 (which decodes
 * character references with `entities`); the title is <title>, else the first h1.
 */
export function parseHtmlPage(html: string): HtmlPage {
  const dom = parseDom(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  const all = [...elements(dom.children)];
  const titleEl = all.find((e) => e.name === 'title');
  const { sections, firstH1 } = collectSections(contentRoot(dom));
  const attr = (pick: (e: Element) => boolean, name: string) => all.find(pick)?.attribs[name]?.trim() ?? '';
  return {
    title: (titleEl ? tidy(textOf(titleEl).replace(/\n/g, ' ')) : '') || firstH1,
    sections,
    links: all.filter((e) => e.name === 'a' && e.attribs['href']).map((e) => e.attribs['href']!.trim()),
    canonical: attr((e) => e.name === 'link' && /\bcanonical\b/i.test(e.attribs['rel'] ?? ''), 'href'),
    base: attr((e) => e.name === 'base', 'href'),
    robots: attr((e) => e.name === 'meta' && (e.attribs['name'] ?? '').toLowerCase() === 'robots', 'content'),
  };
}

export function parseHtml(html: string): ParsedDocument {
  const { title, sections } = parseHtmlPage(html);
  return { title, sections };
}
