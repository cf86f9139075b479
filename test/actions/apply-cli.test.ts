import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/frontdesk.js');

const BASE = `
kind: Connection
spec:
  key: shop_api
  name: Shop API
  type: bearer
  secrets:
    token: \${env:SHOP_TOKEN}
---
kind: Agent
spec:
  name: Shop helper
  tone: warm
  guidelines: [never promise refunds]
`;

const ACTIONS = `
- kind: Action
  agent: Shop helper
  spec:
    key: order_status
    name: Order status
    description: Look up an order
    triggers: [where is my order]
    kind: read
    inputs:
      - { name: order_number, type: string, pattern: "^[0-9]{4,6}$" }
    request: { method: GET, url: "https://shop.example.com/orders/{{order_number}}", connection: shop_api }
    outputs: [{ name: status, path: $.status }]
- kind: Flow
  agent: Shop helper
  spec:
    key: check_twice
    name: Check twice
    description: Looks the order up twice
    inputs: [{ name: order_number, type: string }]
    steps:
      - { action: order_status, inputs: { order_number: "{{order_number}}" } }
`;

describe('frontdesk apply -f / export', () => {
  let t: TestApp;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const cli = async (...args: string[]) => (await run(process.execPath, [BIN, ...args], { env })).stdout;

  beforeAll(async () => {
    t = await startTestApp('pglite');
    dir = await mkdtemp(join(tmpdir(), 'frontdesk-apply-'));
    await writeFile(join(dir, '10-base.yaml'), BASE);
    await writeFile(join(dir, '20-actions.yaml'), ACTIONS);
    env = { ...process.env, FRONTDESK_URL: t.url, FRONTDESK_API_KEY: t.adminKey, SHOP_TOKEN: 'tok-123' };
  });
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('creates everything, then a second apply reports no change', async () => {
    const first = await cli('apply', '-f', dir);
    expect(first).toMatch(/Connection\s+shop_api\s+created/);
    expect(first).toMatch(/Agent\s+Shop helper\s+created/);
    expect(first).toMatch(/Action\s+order_status\s+created/);
    expect(first).toMatch(/Flow\s+check_twice\s+created/);
    const second = await cli('apply', '-f', dir);
    expect(second).toContain('No changes.');
    expect(second).not.toMatch(/created|updated$/m);

    const agents = (await t.call('GET', '/api/v1/agents')).body.agents;
    const agent = agents.find((a: { name: string }) => a.name === 'Shop helper');
    const action = (await t.call('GET', `/api/v1/agents/${agent.id}/actions/order_status`)).body;
    expect(action).toMatchObject({ status: 'published', publishedVersion: 1 });
  });

  it('re-publishes a changed published action as a new version', async () => {
    await writeFile(
      join(dir, '20-actions.yaml'),
      ACTIONS.replace('Look up an order', 'Look up an order by number'),
    );
    const out = await cli('apply', '-f', dir);
    expect(out).toMatch(/Action\s+order_status\s+updated/);
    expect(out).toMatch(/Flow\s+check_twice\s+unchanged/);
    const agents = (await t.call('GET', '/api/v1/agents')).body.agents;
    const agent = agents.find((a: { name: string }) => a.name === 'Shop helper');
    const action = (await t.call('GET', `/api/v1/agents/${agent.id}/actions/order_status`)).body;
    expect(action).toMatchObject({
      status: 'published',
      publishedVersion: 2,
      description: 'Look up an order by number',
    });
  });

  it('refuses a missing env reference and writes nothing', async () => {
    const bad = await mkdtemp(join(tmpdir(), 'frontdesk-apply-bad-'));
    await writeFile(
      join(bad, 'c.yaml'),
      'kind: Connection\nspec: { key: other, name: Other, type: bearer, secrets: { token: "${env:NOPE_TOKEN}" } }\n',
    );
    await expect(cli('apply', '-f', bad)).rejects.toThrow(/NOPE_TOKEN/);
    expect((await t.call('GET', '/api/v1/connections/other')).status).toBe(404);
    await rm(bad, { recursive: true, force: true });
  });

  it('rolls back a batch with an invalid resource and names its path', async () => {
    const res = await t.call('POST', '/api/v1/config/apply', {
      body: {
        resources: [
          { kind: 'Agent', spec: { name: 'Half written' } },
          {
            kind: 'Action',
            agent: 'Half written',
            spec: { key: 'x', name: 'X', description: 'x', kind: 'read' },
          },
        ],
      },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.details.some((d: { path: string }) => d.path.startsWith('resources[1]'))).toBe(
      true,
    );
    const agents = (await t.call('GET', '/api/v1/agents')).body.agents;
    expect(agents.some((a: { name: string }) => a.name === 'Half written')).toBe(false);
  });

  it('exports without secrets, and the export applies back with no change', async () => {
    const out = join(dir, 'export.yaml.out');
    await cli('export', '-o', out);
    const text = await readFile(out, 'utf8');
    expect(text).not.toContain('tok-123');
    expect(text).toContain('${env:SHOP_API_TOKEN}');
    const again = await mkdtemp(join(tmpdir(), 'frontdesk-reapply-'));
    await writeFile(join(again, 'all.yaml'), text);
    env = { ...env, SHOP_API_TOKEN: 'tok-123' };
    expect(await cli('apply', '-f', again)).toContain('No changes.');
    await rm(again, { recursive: true, force: true });
  });
});
