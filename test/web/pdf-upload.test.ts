import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { minimalPdf } from '../support/minimal-pdf.ts';

/** The web app uploads PDFs as base64 JSON; the API must index them (it once refused Node Buffers). */
describe.each(backends)('PDF upload through the API on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('indexes a PDF sent as contentBase64 and answers from it with a citation', async () => {
    const agentId = t.rt.bootstrap.defaultAgentId;
    const pdf = minimalPdf([['Warranty', 'Every appliance has a two year warranty.']], 'Store handbook');
    const added = await t.call('POST', `/api/v1/agents/${agentId}/knowledge/documents`, {
      body: {
        filename: 'handbook.pdf',
        contentType: 'application/pdf',
        contentBase64: Buffer.from(pdf).toString('base64'),
      },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ kind: 'document', title: 'Store handbook', sections: 1 });
    const found = await t.call(
      'GET',
      `/api/v1/agents/${agentId}/knowledge/search?q=how%20long%20is%20the%20warranty`,
    );
    expect(found.body.answer.answer).toContain('two year warranty');
    expect(found.body.answer.source).toContain('Store handbook');
  });
});
