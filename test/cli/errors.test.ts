import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

const BIN = join(import.meta.dirname, '../../bin/frontdesk.js');

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function frontdesk(env: NodeJS.ProcessEnv, ...args: string[]): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** A user error: exit 1, one line on stderr naming the problem, no stack trace. */
function expectOneLine(r: Ran, pattern: RegExp): void {
  expect(r.code).toBe(1);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('the CLI on ordinary mistakes', () => {
  let t: TestApp;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    t = await startTestApp('pglite');
    dir = await mkdtemp(join(tmpdir(), 'frontdesk-cli-errors-'));
    env = { ...process.env, FRONTDESK_URL: t.url, FRONTDESK_API_KEY: t.adminKey, FRONTDESK_DATA_DIR: dir };
    const action = (key: string) => ({
      key,
      name: 'Ping',
      description: 'Pings the shop',
      kind: 'read',
      request: { method: 'GET', url: 'https://shop.example.com/ping' },
    });
    for (const name of ['First', 'Second']) {
      const agent = await t.call('POST', '/api/v1/agents', { body: { name } });
      await t.call('POST', `/api/v1/agents/${agent.body.id}/actions`, { body: action('ping') });
    }
    await writeFile(
      join(dir, 'one.test.yaml'),
      'agent: First\ntests:\n  - name: greets\n    turns:\n      - customer: hello\n        expect: { noAction: true }\n',
    );
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a missing API key', async () => {
    const { FRONTDESK_API_KEY: _, ...noKey } = env;
    expectOneLine(await frontdesk(noKey, 'export'), /^frontdesk: No API key: set FRONTDESK_API_KEY/);
  });

  it('a server that is not running', async () => {
    const r = await frontdesk({ ...env, FRONTDESK_URL: 'http://127.0.0.1:9' }, 'export');
    expectOneLine(r, /^frontdesk: Cannot reach Frontdesk at http:\/\/127\.0\.0\.1:9\b.*FRONTDESK_URL/);
  });

  it('an ambiguous action key', async () => {
    expectOneLine(
      await frontdesk(env, 'actions', 'test', 'ping'),
      /^frontdesk: Several agents have "ping"; pass --agent\.$/,
    );
  });

  it('a 4xx from the API, with the path at fault', async () => {
    await writeFile(join(dir, 'bad.yaml'), 'kind: Agent\nspec: { name: X, languages: [english] }\n');
    expectOneLine(
      await frontdesk(env, 'apply', '-f', join(dir, 'bad.yaml')),
      /^frontdesk: 4\d\d \w+: .*resources\[0\]\.spec\.languages\[0\]: must be a language tag/,
    );
  });

  it('a file that does not exist', async () => {
    expectOneLine(await frontdesk(env, 'apply', '-f', join(dir, 'nope.yaml')), /No such file or folder/);
  });

  it('test --grep matching no test fails and says so', async () => {
    const r = await frontdesk(env, 'test', join(dir, 'one.test.yaml'), '--grep', 'refund');
    expectOneLine(r, /^frontdesk: No test name contains "refund"/);
    const ok = await frontdesk(env, 'test', join(dir, 'one.test.yaml'), '--grep', 'greets');
    expect(ok.stdout).toContain('greets');
  });

  it('--debug shows the stack trace', async () => {
    const r = await frontdesk(env, '--debug', 'actions', 'test', 'ping');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Several agents have "ping"/);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});
