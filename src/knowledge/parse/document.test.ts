import { describe, expect, it } from 'vitest';
import { parseDocument } from './document.ts';
import { detectFormat } from './media-type.ts';

describe('detectFormat', () => {
  it('maps content types, with the extension for generic types and .md sent as text/plain', () => {
    expect(detectFormat('text/markdown; charset=utf-8')).toBe('markdown');
    expect(detectFormat('TEXT/HTML')).toBe('html');
    expect(detectFormat('application/xhtml+xml')).toBe('html');
    expect(detectFormat('text/plain')).toBe('text');
    expect(detectFormat('text/plain', 'notes.md')).toBe('markdown');
    expect(detectFormat('application/pdf')).toBe('pdf');
    expect(detectFormat('application/octet-stream', 'guide.HTM')).toBe('html');
    expect(detectFormat('', 'faq.txt')).toBe('text');
  });

  it('rejects anything else with 415', () => {
    for (const [type, name] of [
      ['image/png', 'a.png'],
      ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'a.docx'],
      ['application/octet-stream', 'a.exe'],
      ['application/json', 'a.md'],
    ] as const) {
      expect(() => detectFormat(type, name)).toThrow(
        expect.objectContaining({ kind: 'unsupported_media_type', code: 'unsupported_media_type' }),
      );
    }
  });
});

describe('parseDocument', () => {
  it('parses Markdown bytes and titles by file name when the document has no title', async () => {
    const data = new TextEncoder().encode('\uFEFFIntro line.\r\n\r\n## Returns\r\nYou have 30 days.');
    const doc = await parseDocument({ filename: 'returns-policy.md', contentType: 'text/markdown', data });
    expect(doc).toEqual({
      title: 'Returns policy',
      sections: [
        { heading: '', anchor: '', text: 'Intro line.' },
        { heading: 'Returns', anchor: 'returns', text: 'You have 30 days.' },
      ],
    });
  });

  it('parses plain text and HTML, honouring a declared charset', async () => {
    const text = await parseDocument({ contentType: 'text/plain', data: 'Returns\nYou have 30 days.' });
    expect(text).toEqual({
      title: 'Returns',
      sections: [{ heading: 'Returns', anchor: 'returns', text: 'You have 30 days.' }],
    });
    const latin1 = Uint8Array.from([0x3c, 0x70, 0x3e, 0x43, 0x61, 0x66, 0xe9, 0x3c, 0x2f, 0x70, 0x3e]); // <p>Café</p>
    const html = await parseDocument({ contentType: 'text/html; charset=iso-8859-1', data: latin1 });
    expect(html).toEqual({ title: 'Untitled', sections: [{ heading: '', anchor: '', text: 'Café' }] });
  });

  it('rejects empty documents, binary data as text, and documents over the size cap', async () => {
    await expect(parseDocument({ contentType: 'text/plain', data: ' \n\n ' })).rejects.toMatchObject({
      kind: 'invalid',
      code: 'empty_document',
      details: [{ path: 'data', message: 'No text could be extracted.' }],
    });
    await expect(
      parseDocument({ contentType: 'text/html', data: '<script>x()</script><nav>Menu</nav>' }),
    ).rejects.toMatchObject({ kind: 'invalid', code: 'empty_document' });
    await expect(
      parseDocument({
        contentType: 'text/plain',
        data: Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]),
      }),
    ).rejects.toMatchObject({ kind: 'invalid', code: 'invalid' });
    await expect(
      parseDocument({ contentType: 'text/plain', data: 'é'.repeat(600) }, { maxBytes: 1000 }),
    ).rejects.toMatchObject({ kind: 'too_large', code: 'payload_too_large' });
    await expect(parseDocument({ contentType: 'application/pdf', data: '%PDF-1.4' })).rejects.toMatchObject({
      kind: 'invalid',
      code: 'invalid_pdf',
    });
    await expect(parseDocument({ contentType: 'image/png', data: 'x' })).rejects.toMatchObject({
      kind: 'unsupported_media_type',
    });
  });
});
