import { AppError, invalid } from '../../shared/errors.ts';
import type { ParsedDocument } from '../types.ts';
import { titleFromFilename } from './anchors.ts';
import { parseHtml } from './html.ts';
import { parseMarkdown } from './markdown.ts';
import { detectFormat, parseContentType } from './media-type.ts';
import { parsePdf } from './pdf.ts';
import { parseText } from './text.ts';

export interface DocumentInput {
  filename?: string;
  contentType: string;
  data: Uint8Array | string;
}

export interface ParseOptions {
  /** Largest accepted document in bytes (UTF-8 bytes for string data). */
  maxBytes?: number;
}

export const DEFAULT_MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

function isKnownEncoding(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

function decodeText(data: Uint8Array | string, charset: string | undefined): string {
  if (typeof data === 'string') return data;
  // NUL bytes do not occur in 8-bit text; this is a binary file sent with a text type.
  if (!charset?.startsWith('utf-16') && data.subarray(0, 1024).includes(0)) {
    throw invalid('The document is not text.', [{ path: 'data', message: 'Binary data for a text type.' }]);
  }
  // An unknown charset label falls back to UTF-8 rather than rejecting the upload.
  const label = charset !== undefined && isKnownEncoding(charset) ? charset : 'utf-8';
  return new TextDecoder(label).decode(data);
}

/**
 * Parses an uploaded document into a title and cited sections. Errors: 415
 * `unsupported_media_type` for other types, 413 `payload_too_large` over the size cap, 422 for
 * unreadable or empty documents (a scanned PDF without a text layer is empty).
 */
export async function parseDocument(
  input: DocumentInput,
  options: ParseOptions = {},
): Promise<ParsedDocument> {
  const format = detectFormat(input.contentType, input.filename);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  const size = typeof input.data === 'string' ? Buffer.byteLength(input.data, 'utf8') : input.data.byteLength;
  if (size > maxBytes) {
    throw new AppError('too_large', 'payload_too_large', `The document is larger than ${maxBytes} bytes.`, [
      { path: 'data', message: `${size} bytes; the limit is ${maxBytes}.` },
    ]);
  }
  let parsed: ParsedDocument;
  if (format === 'pdf') {
    if (typeof input.data === 'string') {
      throw invalid(
        'A PDF must be sent as binary data.',
        [{ path: 'data', message: 'Expected bytes.' }],
        'invalid_pdf',
      );
    }
    parsed = await parsePdf(input.data);
  } else {
    const text = decodeText(input.data, parseContentType(input.contentType).charset)
      .replace(/^\uFEFF/, '')
      .replace(/\r\n?/g, '\n');
    parsed =
      format === 'html' ? parseHtml(text) : format === 'markdown' ? parseMarkdown(text) : parseText(text);
  }
  if (parsed.sections.length === 0) {
    throw invalid(
      'The document has no text.',
      [{ path: 'data', message: 'No text could be extracted.' }],
      'empty_document',
    );
  }
  const title =
    parsed.title.trim() ||
    titleFromFilename(input.filename) ||
    parsed.sections.find((s) => s.heading)?.heading ||
    'Untitled';
  return { title, sections: parsed.sections };
}
