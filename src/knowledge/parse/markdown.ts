import { parseDocument as parseDom } from 'htmlparser2';
import type { Nodes, Parents, Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfm } from 'micromark-extension-gfm';
import { parse as parseYaml } from 'yaml';
import type { ParsedDocument, ParsedSection } from '../types.ts';
import { anchorAllocator, slugify } from './anchors.ts';

// Pandoc/kramdown explicit anchors: "## Returns {#returns-policy}".
const EXPLICIT_ANCHOR = /[ \t]*\{#([^}\s]+)\}[ \t]*$/;

/** Inline HTML in Markdown keeps its text; comments, scripts and styles go (htmlparser2). */
function htmlText(html: string): string {
  if (!html.includes('<')) return html;
  const dom = parseDom(html, { decodeEntities: true });
  const text = (nodes: typeof dom.children): string =>
    nodes
      .map((n) => {
        if (n.type === 'text') return n.data;
        if (n.type === 'tag') return text(n.children);
        return '';
      })
      .join('');
  return text(dom.children);
}

/** Plain text of inline content: links and images keep their text, marks and code fences go. */
function inlineText(node: Nodes): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
      return node.value;
    case 'html':
      return htmlText(node.value);
    case 'image':
    case 'imageReference':
      return node.alt ?? '';
    case 'break':
      return ' ';
    case 'footnoteReference':
      return '';
    default:
      return 'children' in node ? (node.children as Nodes[]).map(inlineText).join('') : '';
  }
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

function frontMatterTitle(value: string): string {
  try {
    const data = parseYaml(value) as unknown;
    if (data && typeof data === 'object' && typeof (data as { title?: unknown }).title === 'string') {
      return (data as { title: string }).title.trim();
    }
  } catch {
    // Front matter that is not YAML names no title.
  }
  return '';
}

/**
 * Markdown (CommonMark + GFM: tables, task lists, strikethrough; YAML front matter) parsed by
 * micromark/mdast → title and sections at heading levels 1–3. Deeper headings stay in the text
 * as a line. Paragraphs, list items, table rows and code lines are '\n'-separated blocks.
 */
export function parseMarkdown(source: string): ParsedDocument {
  const tree: Root = fromMarkdown(source, {
    extensions: [gfm(), frontmatter(['yaml'])],
    mdastExtensions: [gfmFromMarkdown(), frontmatterFromMarkdown(['yaml'])],
  });
  const allocate = anchorAllocator();
  const sections: ParsedSection[] = [];
  let title = '';
  let firstH1 = '';
  let current = { heading: '', anchor: '', blocks: [] as string[] };
  const push = (text: string) => {
    if (text !== '') current.blocks.push(text);
  };
  const flush = () => {
    if (current.blocks.length > 0) {
      sections.push({ heading: current.heading, anchor: current.anchor, text: current.blocks.join('\n') });
    }
  };

  const block = (node: RootContent): void => {
    switch (node.type) {
      case 'yaml':
        title ||= frontMatterTitle(node.value);
        return;
      case 'heading': {
        const raw = inlineText(node);
        const explicit = EXPLICIT_ANCHOR.exec(raw)?.[1] ?? '';
        const text = oneLine(raw.replace(EXPLICIT_ANCHOR, ''));
        if (node.depth > 3) {
          push(text);
          return;
        }
        if (node.depth === 1 && firstH1 === '') firstH1 = text;
        flush();
        current = { heading: text, anchor: allocate(explicit || slugify(text)), blocks: [] };
        return;
      }
      case 'paragraph':
        push(oneLine(inlineText(node)));
        return;
      case 'html':
        push(oneLine(htmlText(node.value)));
        return;
      case 'code':
        // Code is kept verbatim, a line per block, and never read as headings or markup.
        for (const line of node.value.split('\n')) push(line.trim());
        return;
      case 'table':
        for (const row of node.children) {
          push(
            row.children
              .map((cell) => oneLine(inlineText(cell)))
              .filter((c) => c !== '')
              .join(' | '),
          );
        }
        return;
      case 'definition':
      case 'thematicBreak':
        return;
      default:
        if ('children' in node) for (const child of (node as Parents).children) block(child as RootContent);
    }
  };
  for (const node of tree.children) block(node);
  flush();
  return { title: title || firstH1, sections };
}
