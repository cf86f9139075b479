import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { RETURNS_MARKDOWN, SHIPPING_HTML } from '../support/knowledge-corpus.ts';

const run = promisify(execFile);
const byName = (a: { name: string }) => a.name === 'Ava from Acme';
const BIN = join(import.meta.dirname, '../../bin/frontdesk.js');

// Everything an agent has, set through the API the way a user would.
async function furnish(t: TestApp): Promise<void> {
  const agent = await t.call('POST', '/api/v1/agents', {
    body: {
      name: 'Ava from Acme',
      tone: 'warm and brief',
      greeting: 'Hello! Ava here.',
      guidelines: ['never promise refunds'],
      languages: ['en', 'pt-BR'],
      handoff: { topics: ['legal'], maxFailures: 3, assignTo: 'team:support' },
      model: { provider: 'openai', model: 'gpt-4o-mini', temperature: 0.2, apiKey: 'sk-secret-1' },
    },
  });
  expect(agent.status).toBe(201);
  const id = agent.body.id;
  const faq = await t.call('POST', `/api/v1/agents/${id}/knowledge/faqs`, {
    body: { question: 'Do you ship to Canada?', answer: 'Yes, in 5 to 8 business days.' },
  });
  expect(faq.status).toBe(201);
  for (const [contentType, content, filename] of [
    ['text/markdown', RETURNS_MARKDOWN, 'returns.md'],
    ['text/html', SHIPPING_HTML, 'shipping.html'],
  ]) {
    const doc = await t.call('POST', `/api/v1/agents/${id}/knowledge/documents`, {
      body: { contentType, content, filename },
    });
    expect(doc.status).toBe(201);
  }
  const action = await t.call('POST', `/api/v1/agents/${id}/actions`, {
    body: {
      key: 'order_status',
      name: 'Order status',
      description: 'Look up an order',
      triggers: ['where is my order'],
      kind: 'read',
      inputs: [{ name: 'order_no', type: 'string', label: 'order number' }],
      request: { method: 'GET', url: 'https://shop.example.com/orders/{{order_no}}' },
    },
  });
  expect(action.status).toBe(201);
}

describe.each(backends)('config as code round trip (%s)', (kind) => {
  let first: TestApp;
  let second: TestApp;
  let dir: string;
  const cli = async (t: TestApp, env: Record<string, string>, ...args: string[]) =>
    (
      await run(process.execPath, [BIN, ...args], {
        env: { ...process.env, FRONTDESK_URL: t.url, FRONTDESK_API_KEY: t.adminKey, ...env },
      })
    ).stdout;

  beforeAll(async () => {
    [first, second] = await Promise.all([startTestApp(kind), startTestApp(kind)]);
    dir = await mkdtemp(join(tmpdir(), 'frontdesk-roundtrip-'));
    await furnish(first);
  }, 180_000);
  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  it('export → apply to a fresh server → export gives the identical file', async () => {
    const exported = join(dir, 'first.yaml');
    await cli(first, {}, 'export', '-o', exported);
    const text = await readFile(exported, 'utf8');
    expect(text).toContain('maxFailures: 3');
    expect(text).toContain('assignTo: team:support');
    expect(text).toContain('model: gpt-4o-mini');
    expect(text).toContain('${env:AGENT_AVA_FROM_ACME_API_KEY}');
    expect(text).not.toContain('sk-secret-1');
    expect(text).toContain('kind: Faq');
    expect(text).toContain('Do you ship to Canada?');
    expect(text).toContain('kind: Document');
    expect(text).toContain('{#returns}');
    expect(text).toContain('label: order number');

    const env = { AGENT_AVA_FROM_ACME_API_KEY: 'sk-secret-1' };
    const applied = await cli(second, env, 'apply', '-f', exported);
    expect(applied).toMatch(/Agent\s+Ava from Acme\s+created/);
    expect(applied).toMatch(/Document\s+Returns policy\s+created/);

    const again = join(dir, 'second.yaml');
    await cli(second, {}, 'export', '-o', again);
    expect(await readFile(again, 'utf8')).toBe(text);
    // And the copy is the same server: applying the file to either changes nothing.
    expect(await cli(second, env, 'apply', '-f', exported)).toContain('No changes.');
    expect(await cli(first, env, 'apply', '-f', exported)).toContain('No changes.');
  }, 180_000);

  it('the copy answers from the same content and keeps the model key', async () => {
    const agent = (await second.call('GET', '/api/v1/agents')).body.agents.find(byName);
    expect(agent.model).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini', apiKeySet: true });
    expect(agent.handoff).toEqual({ topics: ['legal'], maxFailures: 3, assignTo: 'team:support' });
    const q = encodeURIComponent('How long do I have to return an item?');
    const found = await second.call('GET', `/api/v1/agents/${agent.id}/knowledge/search?q=${q}`);
    expect(found.body.answer.source).toContain('#returns');
  });

  it('applies a changed handoff and a changed FAQ answer as updates', async () => {
    const res = await second.call('POST', '/api/v1/config/apply', {
      body: {
        resources: [
          { kind: 'Agent', spec: { name: 'Ava from Acme', handoff: { topics: [], maxFailures: 2 } } },
          {
            kind: 'Faq',
            agent: 'Ava from Acme',
            spec: { question: 'Do you ship to Canada?', answer: 'Yes, in 3 to 5 business days.' },
          },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { result: string }) => r.result)).toEqual(['updated', 'updated']);
    const agent = (await second.call('GET', '/api/v1/agents')).body.agents.find(byName);
    expect(agent.handoff.maxFailures).toBe(2);
    const sources = (await second.call('GET', `/api/v1/agents/${agent.id}/knowledge`)).body.sources;
    expect(sources.filter((s: { kind: string }) => s.kind === 'faq')).toHaveLength(1);
  });

  it('refuses an unresolved ${env:…} model key with the path', async () => {
    const res = await second.call('POST', '/api/v1/config/apply', {
      body: {
        resources: [
          {
            kind: 'Agent',
            spec: { name: 'Other', model: { provider: 'openai', model: 'x', apiKey: '${env:NOPE}' } },
          },
        ],
      },
    });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body)).toContain('resources[0].spec.model.apiKey');
  });
});
