import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { minimalPdf } from '../support/minimal-pdf.ts';

/**
 * Documents through the API as a user uploads them: a real PDF sent base64 (the route decodes
 * it to a Node Buffer, which pdf.js refuses unless copied), Markdown and HTML as text; then the
 * agent answers in a conversation and cites the document and page.
 */
describe.each(backends)('document uploads on %s', (kind) => {
  let t: TestApp;
  let agentId: string;

  const ask = async (question: string) => {
    const conv = await t.call('POST', `/api/v1/agents/${agentId}/conversations`, { body: {} });
    const turn = await t.call('POST', `/api/v1/conversations/${conv.body.id}/messages`, {
      body: { text: question },
    });
    expect(turn.status, JSON.stringify(turn.body)).toBe(200);
    return (turn.body.replies as { text: string }[]).map((r) => r.text).join('\n');
  };

  beforeAll(async () => {
    t = await startTestApp(kind);
    agentId = (await t.call('POST', '/api/v1/agents', { body: { name: 'Docs agent' } })).body.id;
  }, 180_000);
  afterAll(async () => t?.close());

  it('uploads a PDF through the route and the agent cites it by page', async () => {
    const pdf = minimalPdf(
      [
        ['Welcome', 'This handbook explains how our shop works.'],
        ['Warranty', 'Every espresso machine has a two year warranty against defects.'],
      ],
      'Store handbook',
    );
    const res = await t.call('POST', `/api/v1/agents/${agentId}/knowledge/documents`, {
      body: {
        filename: 'handbook.pdf',
        contentType: 'application/pdf',
        contentBase64: Buffer.from(pdf).toString('base64'),
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'document',
      title: 'Store handbook',
      sections: 2,
      state: 'ready',
    });
    const reply = await ask('What warranty does an espresso machine have?');
    expect(reply).toBe(
      'Every espresso machine has a two year warranty against defects.\n\nSource: Store handbook (#page-2)',
    );
  });

  it('refuses bytes that are not a PDF with 422 and the field path', async () => {
    const res = await t.call('POST', `/api/v1/agents/${agentId}/knowledge/documents`, {
      body: { contentType: 'application/pdf', contentBase64: Buffer.from('not a pdf').toString('base64') },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('invalid_pdf');
    const bad = await t.call('POST', `/api/v1/agents/${agentId}/knowledge/documents`, {
      body: { contentType: 'application/pdf', contentBase64: '***' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details[0].path).toBe('contentBase64');
  });

  it('parses Markdown (lists, tables, code) and HTML with entities through the route', async () => {
    const md = await t.call('POST', `/api/v1/agents/${agentId}/knowledge/documents`, {
      body: {
        filename: 'sizes.md',
        contentType: 'text/markdown',
        content:
          '# Sizing\n\n| Size | Chest |\n|---|---|\n| M | 96 cm |\n\n- Measure loosely\n\n```\ncode\n```\n',
      },
    });
    expect(md.status, JSON.stringify(md.body)).toBe(201);
    const html = await t.call('POST', `/api/v1/agents/${agentId}/knowledge/documents`, {
      body: {
        contentType: 'text/html',
        content:
          '<title>Gift wrap</title><script>var a = "<h2>x</h2>";</script>' +
          '<h2>Gift wrapping</h2><p>Gift wrapping costs &euro;4&nbsp;per parcel.</p>',
      },
    });
    expect(html.status).toBe(201);
    expect(await ask('how much does gift wrapping cost?')).toBe(
      'Gift wrapping costs €4 per parcel.\n\nSource: Gift wrap (#gift-wrapping)',
    );
  });
});
