import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import { invalid } from '../../shared/errors.ts';
import type { ParsedDocument, ParsedSection } from '../types.ts';

const BULLET = /^(?:[-*•◦▪–]|\d{1,3}[.)])\s+/;
const MAX_HEADING_WORDS = 8;

/**
 * pdf.js returns a page as visual lines. Lines are joined back into running text, except where
 * a new block evidently starts: a bullet, or after a short line without final punctuation
 * followed by a capital (a heading). A word hyphenated across lines is rejoined.
 */
export function pageText(raw: string): string {
  const lines = raw
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l !== '');
  let out = '';
  lines.forEach((line, i) => {
    if (i === 0) {
      out = line;
      return;
    }
    const prev = lines[i - 1]!;
    const headingBefore =
      !/[.!?,;:]$/.test(prev) && prev.split(' ').length <= MAX_HEADING_WORDS && /^\p{Lu}/u.test(line);
    if (BULLET.test(line) || BULLET.test(prev) || headingBefore) out += `\n${line}`;
    else if (/\p{L}-$/u.test(prev) && /^\p{Ll}/u.test(line)) out = `${out.slice(0, -1)}${line}`;
    else out += ` ${line}`;
  });
  return out;
}

/** PDF → one section per page with text, anchored `page-N` so the citation names the page. */
export async function parsePdf(data: Uint8Array): Promise<ParsedDocument> {
  let pages: string[];
  let title = '';
  try {
    // A plain Uint8Array copy: pdf.js refuses a Node Buffer (what a decoded upload is), and it
    // may transfer (detach) the buffer it is given, which is the caller's.
    const pdf = await getDocumentProxy(new Uint8Array(data), { verbosity: 0 });
    try {
      pages = (await extractText(pdf, { mergePages: false })).text;
      const info = (await getMeta(pdf)).info as Record<string, unknown>;
      if (typeof info['Title'] === 'string') title = info['Title'].trim();
    } finally {
      await pdf.destroy();
    }
  } catch (error) {
    throw invalid(
      'The PDF could not be read.',
      [{ path: 'data', message: (error as Error).message }],
      'invalid_pdf',
    );
  }
  const sections: ParsedSection[] = [];
  pages.forEach((raw, i) => {
    const text = pageText(raw);
    if (text !== '') sections.push({ heading: '', anchor: `page-${i + 1}`, text });
  });
  return { title, sections };
}
