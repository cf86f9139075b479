import { STOP_WORDS } from '../stopwords.ts';
import type { ParsedDocument, ParsedSection } from '../types.ts';
import { anchorAllocator, slugify } from './anchors.ts';

const BULLET = /^\s*(?:[-*•◦▪–]|\d{1,3}[.)])\s+/;
const MAX_HEADING_WORDS = 8;

/**
 * A heading in plain text is a short line that does not read like part of a sentence: no final
 * punctuation (a trailing ':' is allowed: "Refunds:"), not ending in a function word ("… and"),
 * not a list item. On the first line of a longer block it must also be followed by a capital,
 * because a wrapped paragraph's next line continues in lower case.
 */
function isHeadingLine(line: string, next: string | undefined): boolean {
  const words = line.trim().split(/\s+/);
  const last = words.at(-1)!.toLowerCase();
  if (words.length > MAX_HEADING_WORDS || BULLET.test(line) || /[.!?,;]$/.test(line.trim())) return false;
  if (STOP_WORDS.has(last.replace(/:$/, ''))) return false;
  return next === undefined || /^\s*[\p{Lu}\p{N}]/u.test(next);
}

/** Joins a paragraph's wrapped lines; list items stay separate blocks, without their bullets. */
function paragraphText(lines: readonly string[]): string {
  const out: string[] = [];
  for (const line of lines) {
    const trimmed = line.replace(/\s+/g, ' ').trim();
    if (BULLET.test(trimmed)) out.push(trimmed.replace(BULLET, ''));
    else if (out.length === 0) out.push(trimmed);
    else out[out.length - 1] += ` ${trimmed}`;
  }
  return out.join('\n');
}

function paragraphBlocks(source: string): string[][] {
  const blocks: string[][] = [];
  let block: string[] = [];
  for (const line of source.split('\n')) {
    if (line.trim() !== '') {
      block.push(line);
    } else if (block.length > 0) {
      blocks.push(block);
      block = [];
    }
  }
  if (block.length > 0) blocks.push(block);
  return blocks;
}

/**
 * Plain text → sections of paragraph blocks (separated by blank lines). A heading-like line
 * starts a new section with its slug as the anchor; text before any heading has no anchor.
 */
export function parseText(source: string): ParsedDocument {
  const blocks = paragraphBlocks(source);
  const allocate = anchorAllocator();
  const sections: ParsedSection[] = [];
  let current = { heading: '', anchor: '', paragraphs: [] as string[] };
  const flush = () => {
    if (current.paragraphs.length > 0) {
      sections.push({
        heading: current.heading,
        anchor: current.anchor,
        text: current.paragraphs.join('\n'),
      });
    }
  };
  blocks.forEach((block, i) => {
    const isLastBlock = i === blocks.length - 1;
    // A lone last line has nothing to head, so it is text.
    if (!(isLastBlock && block.length === 1) && isHeadingLine(block[0]!, block[1])) {
      const heading = block[0]!.trim().replace(/:$/, '');
      flush();
      current = { heading, anchor: allocate(slugify(heading)), paragraphs: [] };
      block = block.slice(1);
    }
    if (block.length > 0) current.paragraphs.push(paragraphText(block));
  });
  flush();
  // Plain text has no reliable title; the caller falls back to the file name, then the first heading.
  return { title: '', sections };
}
