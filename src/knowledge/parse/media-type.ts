import { AppError } from '../../shared/errors.ts';

export type DocumentFormat = 'markdown' | 'html' | 'text' | 'pdf';

const BY_TYPE: Record<string, DocumentFormat> = {
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'application/markdown': 'markdown',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'text/plain': 'text',
  'application/pdf': 'pdf',
  'application/x-pdf': 'pdf',
};

const BY_EXTENSION: Record<string, DocumentFormat> = {
  md: 'markdown',
  markdown: 'markdown',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  txt: 'text',
  text: 'text',
  pdf: 'pdf',
};

// Types a browser or client sends when it does not know better; then the file name decides.
const GENERIC = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/unknown']);

export function parseContentType(contentType: string): { type: string; charset: string | undefined } {
  const [type = '', ...params] = contentType.split(';');
  const charset = params
    .map((p) => /^\s*charset\s*=\s*"?([^";\s]+)"?\s*$/i.exec(p)?.[1])
    .find((c) => c !== undefined);
  return { type: type.trim().toLowerCase(), charset: charset?.toLowerCase() };
}

/**
 * The format of an upload from its content type, falling back to the file extension for
 * generic types. Markdown often arrives as text/plain (browsers do not know .md), so a .md
 * name upgrades text/plain. Anything else is 415 `unsupported_media_type`.
 */
export function detectFormat(contentType: string, filename?: string): DocumentFormat {
  const { type } = parseContentType(contentType);
  const extension = /\.([a-z0-9]+)$/i.exec(filename ?? '')?.[1]?.toLowerCase() ?? '';
  const byExtension = BY_EXTENSION[extension];
  const byType = BY_TYPE[type];
  if (byType === 'text' && byExtension === 'markdown') return 'markdown';
  const format = byType ?? (GENERIC.has(type) ? byExtension : undefined);
  if (format) return format;
  throw new AppError(
    'unsupported_media_type',
    'unsupported_media_type',
    'Supported documents are Markdown, HTML, plain text and PDF.',
    [{ path: 'contentType', message: `Unsupported content type ${JSON.stringify(type || contentType)}.` }],
  );
}
