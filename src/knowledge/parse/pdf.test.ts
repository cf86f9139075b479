import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.ts';
import { chunkSections } from '../chunk.ts';
import { buildKnowledgeIndex } from '../index.ts';
import { answer } from '../retrieve.ts';
import { parseDocument } from './document.ts';
import { pageText } from './pdf.ts';

/**
 * A minimal PDF 1.4 written by hand: catalog, page tree, one Helvetica font, per page a page
 * object and a content stream drawing each line with Tj/T*, an Info dictionary, and an xref
 * table whose byte offsets are computed as the file is written.
 */
function minimalPdf(pages: string[][], title?: string): Uint8Array {
  const objects: string[] = [];
  const pageIds = pages.map((_, i) => 4 + i * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
  pages.forEach((lines, i) => {
    const id = pageIds[i]!;
    const pdfString = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
    const stream = [
      'BT',
      '/F1 12 Tf',
      '14 TL',
      '72 720 Td',
      ...lines.map((l) => `(${pdfString(l)}) Tj T*`),
      'ET',
    ].join('\n');
    objects[id] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] ` +
      `/Resources << /Font << /F1 3 0 R >> >> /Contents ${id + 1} 0 R >>`;
    objects[id + 1] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  });
  const infoId = objects.length;
  objects[infoId] = title === undefined ? '<< >>' : `<< /Title (${title}) >>`;

  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = out.length; // ASCII only, so string length is the byte offset
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = out.length;
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) out += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R /Info ${infoId} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

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

  it('rejects a PDF without text and bytes that are not a PDF', async () => {
    const empty = parseDocument({ contentType: 'application/pdf', data: minimalPdf([[]]) });
    await expect(empty).rejects.toMatchObject({ status: 422, code: 'empty_document' });
    const garbage = parseDocument({
      contentType: 'application/pdf',
      data: new TextEncoder().encode('not a pdf'),
    });
    await expect(garbage).rejects.toBeInstanceOf(AppError);
    await expect(garbage).rejects.toMatchObject({ status: 422, code: 'invalid_pdf' });
  });

  it('rejoins visual lines into text', () => {
    expect(pageText('Returns\nYou have 30 days to\nreturn an item.\n• Unused\n• With tags')).toBe(
      'Returns\nYou have 30 days to return an item.\n• Unused\n• With tags',
    );
  });
});
