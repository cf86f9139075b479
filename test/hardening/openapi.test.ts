import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

describe('the OpenAPI document', () => {
  let t: TestApp;
  let doc: any;
  beforeAll(async () => {
    t = await startTestApp('pglite', { env: { FRONTDESK_PUBLIC_URL: 'https://desk.example.com/' } });
    doc = (await t.call('GET', '/api/v1/openapi.json', { key: null })).body;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is valid for a maintained validator (every $ref resolves)', async () => {
    await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toBeDefined();
  });

  it('sets servers and documents success and the one error schema on every operation', () => {
    expect(doc.servers).toEqual([{ url: 'https://desk.example.com' }]);
    const problems: string[] = [];
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        const id = `${method.toUpperCase()} ${path}`;
        const statuses = Object.keys(op.responses ?? {});
        if (!statuses.some((s) => s.startsWith('2'))) problems.push(`${id}: no success response`);
        for (const range of ['4XX', '5XX']) {
          const schema = op.responses?.[range]?.content?.['application/json']?.schema;
          if (!schema?.properties?.error?.required?.includes('details'))
            problems.push(`${id}: no ${range} error schema`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
