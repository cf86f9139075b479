import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { startTestApp, type TestApp } from '../support/app.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/frontdesk.js');

const FILE = `
kind: Agent
spec: { name: Ava }
---
kind: Channel
spec:
  type: livechat
  name: Website
  config: { allowedOrigins: ["https://shop.example.com"] }
  secrets: { signingSecret: "\${env:WIDGET_SECRET}" }
---
kind: Team
spec: { name: Support, members: [rui@example.com, mia@example.com] }
---
kind: Deployment
spec:
  agentId: Ava
  channelId: Website
  hours:
    mode: during
    timeZone: Europe/Lisbon
    intervals:
      - { days: [mon, tue, wed, thu, fri], from: "09:00", to: "13:00" }
      - { days: [mon, tue, wed, thu, fri], from: "14:00", to: "18:00" }
    holidays: ["2026-12-25"]
  whenUnavailable: { assignTo: team, teamId: Support, message: A person will reply soon. }
---
kind: RoutingRule
spec:
  name: VIP desk
  condition: { "==": [{ var: contact.tier }, vip] }
  target: { assignTo: team, teamId: Support }
---
kind: RoutingRule
spec:
  name: German speakers
  condition: { "==": [{ var: contact.language }, de] }
  target: { assignTo: user, userId: mia@example.com }
`;

/** Config as code for channels, teams, deployments and routing rules, through the CLI. */
describe('apply -f / export for deployment kinds', () => {
  let t: TestApp;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const secret = 's'.repeat(48);
  const cli = async (...args: string[]) => (await run(process.execPath, [BIN, ...args], { env })).stdout;

  beforeAll(async () => {
    t = await startTestApp('pglite');
    for (const who of ['rui', 'mia']) {
      await t.call('POST', '/api/v1/users', {
        body: { email: `${who}@example.com`, name: who, role: 'editor' },
      });
    }
    dir = await mkdtemp(join(tmpdir(), 'frontdesk-deploy-apply-'));
    await writeFile(join(dir, 'deploy.yaml'), FILE);
    env = { ...process.env, FRONTDESK_URL: t.url, FRONTDESK_API_KEY: t.adminKey, WIDGET_SECRET: secret };
  });
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  // Five CLI runs, each a new Node process: generous timeout for a busy machine.
  it('creates, is idempotent, updates what changed, and exports what applies back unchanged', {
    timeout: 180_000,
  }, async () => {
    const first = await cli('apply', '-f', join(dir, 'deploy.yaml'));
    for (const line of [
      /Channel\s+Website\s+created/,
      /Team\s+Support\s+created/,
      /Deployment\s+Website\s+created/,
      /RoutingRule\s+VIP desk\s+created/,
    ]) {
      expect(first).toMatch(line);
    }
    expect(await cli('apply', '-f', join(dir, 'deploy.yaml'))).toContain('No changes.');

    const deps = (await t.call('GET', '/api/v1/deployments')).body.deployments;
    expect(deps).toHaveLength(1);
    expect(deps[0].hours.intervals).toHaveLength(2);
    const rules = (await t.call('GET', '/api/v1/routing-rules')).body.rules;
    expect(rules.map((r: { name: string }) => r.name)).toEqual(['VIP desk', 'German speakers']);

    await writeFile(
      join(dir, 'deploy.yaml'),
      FILE.replace('"18:00"', '"19:00"')
        .replace('[{ var: contact.tier }, vip]', '[{ var: contact.tier }, gold]')
        .replace('members: [rui@example.com, mia@example.com]', 'members: [mia@example.com]'),
    );
    const changed = await cli('apply', '-f', join(dir, 'deploy.yaml'));
    expect(changed).toMatch(/Deployment\s+Website\s+updated/);
    expect(changed).toMatch(/Team\s+Support\s+updated/);
    expect(changed).toMatch(/Channel\s+Website\s+unchanged/);
    expect(changed).toMatch(/RoutingRule\s+VIP desk\s+updated/);
    expect(changed).toMatch(/RoutingRule\s+German speakers\s+unchanged/);
    expect(changed).toContain('3 changed');

    const out = join(dir, 'export.yaml');
    await cli('export', '-o', out);
    const text = await readFile(out, 'utf8');
    expect(text).not.toContain(secret);
    const docs = parseAllDocuments(text).map((d) => d.toJS());
    const channel = docs.find((d) => d.kind === 'Channel');
    expect(channel.spec.secrets).toEqual({ signingSecret: '${env:CHANNEL_WEBSITE_SIGNING_SECRET}' });
    expect(docs.find((d) => d.kind === 'Deployment').spec).toMatchObject({
      agentId: 'Ava',
      channelId: 'Website',
      whenUnavailable: { assignTo: 'team', teamId: 'Support' },
    });
    expect(docs.find((d) => d.kind === 'Team').spec).toEqual({
      name: 'Support',
      members: ['mia@example.com'],
    });
    expect(docs.filter((d) => d.kind === 'RoutingRule').map((d) => d.spec.target)).toEqual([
      { assignTo: 'team', teamId: 'Support' },
      { assignTo: 'user', userId: 'mia@example.com' },
    ]);
    env = { ...env, CHANNEL_WEBSITE_SIGNING_SECRET: secret };
    expect(await cli('apply', '-f', out)).toContain('No changes.');
  });

  it('a bad routing rule in a file is refused with its path, and nothing is written', async () => {
    const res = await t.call('POST', '/api/v1/config/apply', {
      body: {
        resources: [
          { kind: 'Team', spec: { name: 'Sales' } },
          {
            kind: 'RoutingRule',
            spec: {
              name: 'Bad',
              condition: { '==': [{ var: 'contact.tierr' }, 'vip'] },
              target: { assignTo: 'team', teamId: 'Sales' },
            },
          },
        ],
      },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.details[0].path).toBe('resources[1].condition.==[0].var');
    expect((await t.call('GET', '/api/v1/teams/Sales')).status).toBe(404);
  });
});
