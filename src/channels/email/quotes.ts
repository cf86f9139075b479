import EmailReplyParser from 'email-reply-parser';
import { parseHtml } from '../../knowledge/parse/html.ts';

/**
 * What the customer wrote in this message, without the quoted history and signature the
 * mail client appended (`On … wrote:` blocks, `>` lines, `-- ` signatures, "Sent from my
 * phone"): the engine must answer the new words only. `email-reply-parser` (crisp-oss, a
 * port of GitHub's EmailReplyParser) does the stripping; HTML-only mail is first turned
 * into text by the knowledge HTML parser.
 */
export function visibleText(body: { text?: string | undefined; html?: string | undefined }): string {
  const text = body.text?.trim()
    ? body.text
    : body.html
      ? parseHtml(body.html)
          .sections.map((s) => [s.heading, s.text].filter(Boolean).join('\n'))
          .join('\n\n')
      : '';
  const visible = new EmailReplyParser().read(text.replace(/\r\n/g, '\n')).getVisibleText();
  return visible
    .replace(/\n{3,}/g, '\n\n')
    .replace(/[ \t]+\n/g, '\n')
    .trim();
}
