import { describe, expect, it } from 'vitest';
import { minimalPdf } from '../../../test/support/minimal-pdf.ts';
import { AppError } from '../../shared/errors.ts';
import { chunkSections } from '../chunk.ts';
import { buildKnowledgeIndex } from '../index.ts';
import { answer } from '../retrieve.ts';
import { parseDocument } from './document.ts';
import { pageText } from './pdf.ts';

const HANDBOOK = [
  ['Welcome', 'This handbook explains how our shop works.'],
  [],
  [
    'Warranty',
    'Every appliance has a two year warranty against manu-',
    'facturing defects. Keep your receipt (or invoice) as proof',
    'of purchase.',
    '- Batteries are covered for six months',
  ],
];

describe('PDF documents', () => {
  it('extracts text page by page with page anchors and the Info title', async () => {
    const data = minimalPdf(HANDBOOK, 'Store handbook');
    const doc = await parseDocument({ filename: 'handbook.pdf', contentType: 'application/pdf', data });
    expect(doc).toEqual({
      title: 'Store handbook',
      sections: [
        { heading: '', anchor: 'page-1', text: 'Welcome\nThis handbook explains how our shop works.' },
        {
          heading: '',
          anchor: 'page-3',
          text:
            'Warranty\nEvery appliance has a two year warranty against manufacturing defects. ' +
            'Keep your receipt (or invoice) as proof of purchase.\n- Batteries are covered for six months',
        },
      ],
    });
    // The caller's buffer is untouched (pdf.js may detach what it is given).
    expect(data.byteLength).toBeGreaterThan(0);
    expect(new TextDecoder().decode(data.subarray(0, 8))).toBe('%PDF-1.4');
  });

  it('falls back to the file name for the title and is cited by page', async () => {
    const doc = await parseDocument({
      filename: 'store-handbook.pdf',
      contentType: 'application/octet-stream',
      data: minimalPdf(HANDBOOK),
    });
    expect(doc.title).toBe('Store handbook');
    const index = buildKnowledgeIndex([
      {
        id: 'hb',
        kind: 'document',
        title: doc.title,
        passages: chunkSections({ id: 'hb', title: doc.title }, doc.sections),
      },
    ]);
    const result = answer(index, 'How long is the warranty?');
    expect(result?.citation).toEqual({
      sourceId: 'hb',
      title: 'Store handbook',
      anchor: 'page-3',
      kind: 'document',
    });
    expect(result?.answer).toBe('Every appliance has a two year warranty against manufacturing defects.');
  });

  it('reads a Node Buffer (what a base64 upload decodes to) as well as a Uint8Array', async () => {
    const doc = await parseDocument({
      contentType: 'application/pdf',
      data: Buffer.from(minimalPdf(HANDBOOK, 'Store handbook')),
    });
    expect(doc.sections.map((s) => s.anchor)).toEqual(['page-1', 'page-3']);
  });

  it('rejects a PDF without text and bytes that are not a PDF', async () => {
    const empty = parseDocument({ contentType: 'application/pdf', data: minimalPdf([[]]) });
    await expect(empty).rejects.toMatchObject({ kind: 'invalid', code: 'empty_document' });
    const garbage = parseDocument({
      contentType: 'application/pdf',
      data: new TextEncoder().encode('not a pdf'),
    });
    await expect(garbage).rejects.toBeInstanceOf(AppError);
    await expect(garbage).rejects.toMatchObject({ kind: 'invalid', code: 'invalid_pdf' });
  });

  it('rejoins visual lines into text', () => {
    expect(pageText('Returns\nYou have 30 days to\nreturn an item.\n• Unused\n• With tags')).toBe(
      'Returns\nYou have 30 days to return an item.\n• Unused\n• With tags',
    );
  });
});
