/**
 * A small HTML tokenizer. No HTML parser is installed and dependencies are not ours to add;
 * turning a page into text needs only tags, attributes and text, not a DOM, so this follows
 * the tokenizer rules that matter for that: comments, doctype/CDATA/processing instructions,
 * quoted attribute values that contain '>', and raw-text elements (script, style, …) whose
 * content is not markup. Malformed input never throws; a stray '<' is text.
 */

export type HtmlToken =
  | { type: 'text'; text: string }
  | { type: 'open'; name: string; attrs: Record<string, string>; selfClosing: boolean }
  | { type: 'close'; name: string };

// Elements whose content is raw text up to their end tag (no tags inside are recognised).
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes']);

const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

/** Index of the '>' closing a tag that starts at `from`, skipping quoted attribute values. */
function tagEnd(html: string, from: number): number {
  let quote = '';
  for (let i = from; i < html.length; i++) {
    const c = html[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return i;
    }
  }
  return -1;
}

function parseAttributes(source: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of source.matchAll(ATTRIBUTE)) {
    const name = m[1]!.toLowerCase();
    if (!(name in attrs)) attrs[name] = m[2] ?? m[3] ?? m[4] ?? '';
  }
  return attrs;
}

export function tokenizeHtml(html: string): HtmlToken[] {
  const tokens: HtmlToken[] = [];
  const text = (t: string) => {
    if (t === '') return;
    const last = tokens.at(-1);
    if (last?.type === 'text') last.text += t;
    else tokens.push({ type: 'text', text: t });
  };
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt === -1) {
      text(html.slice(i));
      break;
    }
    text(html.slice(i, lt));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end === -1 ? html.length : end + 3;
      continue;
    }
    if (html.slice(lt, lt + 9).toUpperCase() === '<![CDATA[') {
      const end = html.indexOf(']]>', lt + 9);
      text(html.slice(lt + 9, end === -1 ? html.length : end));
      i = end === -1 ? html.length : end + 3;
      continue;
    }
    if (html[lt + 1] === '!' || html[lt + 1] === '?') {
      const end = html.indexOf('>', lt + 2);
      i = end === -1 ? html.length : end + 1;
      continue;
    }
    const close = html[lt + 1] === '/';
    const nameMatch = /^[a-zA-Z][^\s/>]*/.exec(html.slice(lt + (close ? 2 : 1), lt + 80));
    const end = nameMatch ? tagEnd(html, lt + 1) : -1;
    if (!nameMatch || end === -1) {
      text('<');
      i = lt + 1;
      continue;
    }
    const name = nameMatch[0].toLowerCase();
    if (close) {
      tokens.push({ type: 'close', name });
      i = end + 1;
      continue;
    }
    const body = html.slice(lt + 1 + nameMatch[0].length, end);
    const selfClosing = body.trimEnd().endsWith('/');
    tokens.push({ type: 'open', name, attrs: parseAttributes(body), selfClosing });
    i = end + 1;
    if (RAW_TEXT.has(name) && !selfClosing) {
      // Not html.toLowerCase(): lower-casing can change the length and shift every index.
      const endTag = new RegExp(`</${name}(?=[\\s/>])`, 'gi');
      endTag.lastIndex = i;
      const closeAt = endTag.exec(html)?.index ?? -1;
      const closeEnd = closeAt === -1 ? -1 : tagEnd(html, closeAt);
      const contentEnd = closeAt === -1 ? html.length : closeAt;
      if (contentEnd > i) tokens.push({ type: 'text', text: html.slice(i, contentEnd) });
      tokens.push({ type: 'close', name });
      i = closeEnd === -1 ? html.length : closeEnd + 1;
    }
  }
  return tokens;
}
