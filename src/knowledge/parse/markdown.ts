import type { ParsedDocument, ParsedSection } from '../types.ts';
import { anchorAllocator, slugify } from './anchors.ts';
import { stripInline } from './markdown-inline.ts';

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const LIST_ITEM = /^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?/;
const TABLE_DIVIDER = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]]+\]:[ \t]*\S+/;
// Pandoc/kramdown explicit anchors: "## Returns {#returns-policy}".
const EXPLICIT_ANCHOR = /[ \t]*\{#([^}\s]+)\}[ \t]*$/;

function frontMatter(lines: string[]): { title: string; skip: number } {
  if (lines[0]?.trim() !== '---') return { title: '', skip: 0 };
  const end = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
  if (end === -1) return { title: '', skip: 0 };
  const titleLine = lines.slice(1, end).find((l) => /^title:\s*\S/.test(l)) ?? '';
  const title = titleLine
    .replace(/^title:\s*/, '')
    .replace(/^(["'])(.*)\1$/, '$2')
    .trim();
  return { title, skip: end + 1 };
}

function tableRow(line: string): string {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => stripInline(cell.trim()))
    .filter((cell) => cell !== '')
    .join(' | ');
}

/**
 * Markdown → title and sections at heading levels 1–3 (deeper headings stay in the text as a
 * line). Block structure is kept as '\n' between paragraphs and list items; soft line breaks
 * inside a paragraph are joined, since they are wrapping, not sentence ends.
 */
export function parseMarkdown(source: string): ParsedDocument {
  const lines = source
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
    .split('\n');
  const front = frontMatter(lines);
  const allocate = anchorAllocator();
  const sections: ParsedSection[] = [];
  let firstH1 = '';
  let current = { heading: '', anchor: '', blocks: [] as string[] };
  let paragraph: string[] = [];
  // A '---' under a list item is a thematic break, not a setext underline.
  let listItem = false;
  let fence: string | null = null;
  let inTable = false;

  const endParagraph = () => {
    const text = stripInline(paragraph.join(' ').replace(/\s+/g, ' ').trim());
    if (text !== '') current.blocks.push(text);
    paragraph = [];
    listItem = false;
  };
  const startSection = (level: number, raw: string) => {
    const explicit = EXPLICIT_ANCHOR.exec(raw)?.[1] ?? '';
    const text = stripInline(raw.replace(EXPLICIT_ANCHOR, '').trim());
    if (level > 3) {
      if (text !== '') current.blocks.push(text);
      return;
    }
    if (level === 1 && firstH1 === '') firstH1 = text;
    if (current.blocks.length > 0) {
      sections.push({ heading: current.heading, anchor: current.anchor, text: current.blocks.join('\n') });
    }
    current = { heading: text, anchor: allocate(explicit || slugify(text)), blocks: [] };
  };

  for (const rawLine of lines.slice(front.skip)) {
    const line = rawLine.replace(/\t/g, '    ');
    if (fence !== null) {
      // Code is kept verbatim, a line per block, and never read as headings or markup.
      if (line.trim().startsWith(fence) && line.trim().replace(/[`~]/g, '') === '') fence = null;
      else if (line.trim() !== '') current.blocks.push(line.trim());
      continue;
    }
    const fenceOpen = FENCE.exec(line);
    if (fenceOpen) {
      endParagraph();
      fence = fenceOpen[1]!;
      continue;
    }
    if (line.trim() === '') {
      endParagraph();
      inTable = false;
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      endParagraph();
      startSection(atx[1]!.length, atx[2] ?? '');
      continue;
    }
    const setext = SETEXT.exec(line);
    if (setext && paragraph.length > 0 && !listItem) {
      const raw = paragraph.join(' ');
      paragraph = [];
      startSection(setext[1]!.startsWith('=') ? 1 : 2, raw);
      continue;
    }
    if (THEMATIC_BREAK.test(line) || REFERENCE_DEFINITION.test(line)) {
      endParagraph();
      continue;
    }
    const unquoted = line.replace(/^ {0,3}(?:>[ ]?)+/, '');
    if (unquoted.trim() === '') {
      endParagraph();
      inTable = false;
      continue;
    }
    if (TABLE_DIVIDER.test(unquoted) && paragraph.some((l) => l.includes('|'))) {
      // The header row was read as a paragraph line before the divider said it was a table.
      for (const header of paragraph) current.blocks.push(tableRow(header));
      paragraph = [];
      inTable = true;
      continue;
    }
    if (TABLE_DIVIDER.test(unquoted) && inTable) continue;
    if (/^\s*\|/.test(unquoted) || (inTable && unquoted.includes('|'))) {
      endParagraph();
      const row = tableRow(unquoted);
      if (row !== '') current.blocks.push(row);
      inTable = true;
      continue;
    }
    inTable = false;
    if (LIST_ITEM.test(unquoted)) {
      endParagraph();
      paragraph.push(unquoted.replace(LIST_ITEM, ''));
      listItem = true;
      continue;
    }
    paragraph.push(unquoted.trim());
  }
  endParagraph();
  if (current.blocks.length > 0) {
    sections.push({ heading: current.heading, anchor: current.anchor, text: current.blocks.join('\n') });
  }
  return { title: front.title || firstH1, sections };
}
