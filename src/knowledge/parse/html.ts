import type { ParsedDocument, ParsedSection } from '../types.ts';
import { anchorAllocator, slugify } from './anchors.ts';
import { decodeEntities } from './entities.ts';
import { tokenizeHtml } from './html-tokens.ts';

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
]);

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
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
  'hr',
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

// Elements whose end tag may be omitted.
const OPTIONAL_END = new Set(['p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option']);

function isHidden(attrs: Record<string, string>): boolean {
  return 'hidden' in attrs || attrs['aria-hidden'] === 'true';
}

/** Normalises collected text into '\n'-separated blocks with single spaces inside. */
function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\f\v\u00a0]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * HTML → title and sections at h1–h3. The title is <title>, else the first h1. When the page
 * has a <main>, only its content is used: that is where a page says what it is for.
 */
export function parseHtml(html: string): ParsedDocument {
  const tokens = tokenizeHtml(html);
  const hasMain = tokens.some((t) => t.type === 'open' && t.name === 'main');
  const allocate = anchorAllocator();
  const sections: ParsedSection[] = [];
  let title = '';
  let firstH1 = '';
  let current = { heading: '', anchor: '', text: '' };
  let heading: { level: string; id: string; text: string } | null = null;
  let drop: { name: string; depth: number } | null = null;
  let mainDepth = 0;
  let inTitle = false;
  let preDepth = 0;

  const emit = (text: string) => {
    if (heading) heading.text += text;
    else current.text += text;
  };
  const flush = () => {
    const text = tidy(current.text);
    if (text !== '') sections.push({ heading: current.heading, anchor: current.anchor, text });
  };
  // Also called for an unclosed heading, at the next heading or the end, as browsers close it.
  const finishHeading = () => {
    if (!heading) return;
    const text = tidy(heading.text.replace(/\n/g, ' '));
    if (heading.level === 'h1' && firstH1 === '') firstH1 = text;
    flush();
    current = { heading: text, anchor: allocate(heading.id.trim() || slugify(text)), text: '' };
    heading = null;
  };

  for (const token of tokens) {
    if (drop) {
      const sameName = token.type !== 'text' && token.name === drop.name;
      // A hidden <li> or <p> often has no end tag: its next sibling ends it.
      const sibling = sameName && token.type === 'open' && drop.depth === 1 && OPTIONAL_END.has(drop.name);
      if (!sibling) {
        if (sameName && token.type === 'open' && !token.selfClosing) drop.depth++;
        if (sameName && token.type === 'close' && --drop.depth === 0) drop = null;
        continue;
      }
      drop = null;
    }
    if (token.type === 'text') {
      if (inTitle) title += decodeEntities(token.text);
      else if (!hasMain || mainDepth > 0) {
        const decoded = decodeEntities(token.text);
        emit(preDepth > 0 ? decoded : decoded.replace(/\s+/g, ' '));
      }
      continue;
    }
    const { name } = token;
    if (token.type === 'open') {
      if (VOID.has(name) || token.selfClosing) {
        if (name === 'br' || name === 'hr') emit('\n');
        continue;
      }
      if (DROPPED.has(name) || isHidden(token.attrs)) {
        drop = { name, depth: 1 };
        continue;
      }
      if (name === 'title') inTitle = title === '';
      else if (name === 'main') mainDepth++;
      else if (name === 'pre') preDepth++;
      if (SECTION_HEADINGS.has(name) && (!hasMain || mainDepth > 0)) {
        finishHeading();
        heading = { level: name, id: token.attrs['id'] ?? '', text: '' };
      } else if (BLOCK.has(name)) {
        // Headings do not hold paragraphs in practice; a block inside an unclosed one ends it.
        finishHeading();
        emit('\n');
      } else if (name === 'td' || name === 'th') {
        emit(' ');
      }
      if (heading && heading.id === '' && token.attrs['id']) heading.id = token.attrs['id'];
      continue;
    }
    if (name === 'title') inTitle = false;
    else if (name === 'main') mainDepth = Math.max(0, mainDepth - 1);
    else if (name === 'pre') preDepth = Math.max(0, preDepth - 1);
    if (heading && name === heading.level) {
      finishHeading();
    } else if (BLOCK.has(name)) {
      emit('\n');
    }
  }
  finishHeading();
  flush();
  return { title: tidy(title.replace(/\n/g, ' ')) || firstH1, sections };
}
