import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTestFile, parseTestFile } from '../../src/conversation-tests/load.ts';
import { formatReport } from '../../src/conversation-tests/report.ts';
import { type ConversationTestClient, runConversationTests } from '../../src/conversation-tests/runner.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';

const EXAMPLES = join(import.meta.dirname, '../../examples');
const BIN = join(import.meta.dirname, '../../bin/frontdesk.js');
const run = promisify(execFile);
const files = (await readdir(EXAMPLES)).filter((f) => f.endsWith('.test.yaml')).sort();

/** The runner's client over the test app: the same HTTP calls the CLI's client makes. */
function clientOf(t: TestApp): ConversationTestClient {
  return {
    baseUrl: t.url,
    async call<T>(method: string, path: string, body?: unknown): Promise<T> {
      const res = await t.call<T>(method, path, body === undefined ? {} : { body });
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
  };
}

it('finds the example files', () => {
  expect(files).toEqual(
    expect.arrayContaining([
      'demo-agent.test.yaml',
      'help-desk.test.yaml',
      'identity-by-code.test.yaml',
      'identity-without-mail.test.yaml',
    ]),
  );
});

describe.each(files)('examples/%s', (name) => {
  let t: TestApp;
  let sink: SmtpSink | undefined;

  beforeAll(async () => {
    const file = parseTestFile(await readFile(join(EXAMPLES, name), 'utf8'), name);
    if (file.server?.smtp) sink = await startSmtpSink();
    t = await startTestApp('pglite', {
      env: {
        FRONTDESK_DEMO: 'on',
        ...(sink ? { FRONTDESK_SMTP_URL: sink.url } : {}),
        // A file written for a server that cannot mail codes: no demo mailbox either.
        ...(file.server?.smtp === false ? { FRONTDESK_DEMO_MAILBOX: 'off' } : {}),
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  it('passes every test in the file', async () => {
    const file = await loadTestFile(join(EXAMPLES, name));
    const result = await runConversationTests(clientOf(t), file);
    expect(result.tests.length).toBe(file.spec.tests.length);
    expect(result.passed, formatReport(result)).toBe(true);
  });
});

describe('the runner cannot pass vacuously', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite', { env: { FRONTDESK_DEMO: 'on' } });
  });
  afterAll(async () => t?.close());

  const wrong = (expect: string) => `
agent: Demo Store Assistant
tests:
  - name: right
    turns:
      - customer: where is my order 1234?
        expect: { action: order_status }
  - name: wrong
    turns:
      - customer: where is my order?
        expect: { state: awaiting_input }
      - customer: "1234"
        expect: ${expect}
`;
  const runWrong = async (expectation: string) => {
    const spec = parseTestFile(wrong(expectation), 'wrong.yaml');
    return runConversationTests(clientOf(t), { source: 'wrong.yaml', spec, resources: [] });
  };

  it('fails a wrong reply and explains the turn, the expectation and what the agent said', async () => {
    const result = await runWrong('{ reply: { contains: delivered } }');
    expect(result.passed).toBe(false);
    expect(result.tests.map((x) => x.passed)).toEqual([true, false]);
    const failure = result.tests[1]!.failure!;
    expect(failure).toMatchObject({ turn: 2, customer: '1234', state: 'bot' });
    expect(failure.message).toBe(
      'the reply should contain "delivered", but is "Order 1234 is shipped. It should arrive on 2026-11-25 with UPS."',
    );
    const report = formatReport(result);
    expect(report).toContain('✓ right');
    expect(report).toContain('✗ wrong');
    expect(report).toContain('turn 2 — customer: "1234"');
    expect(report).toContain('1 passed, 1 failed');
  });

  it.each([
    [
      '{ action: { key: order_status, inputs: { order_number: "1235" } } }',
      /inputs\.order_number should be "1235", but is "1234"/,
    ],
    ['{ action: refund_order }', /refund_order should run in this turn, but order_status ran/],
    ['{ noAction: true }', /no action should run in this turn, but order_status ran/],
    ['{ handoff: customer_request }', /should hand off to a person, but did not \(state bot\)/],
    ['{ citation: true }', /answer from content with a citation, but used no content/],
    ['{ state: handed_off }', /the state should be handed_off, but is bot/],
    ['{ reply: { matches: "^Order \\\\d+ is delivered" } }', /should match \/\^Order \\d\+ is delivered\/i/],
    [
      '{ action: { key: order_status, outputs: { carrier: DHL } } }',
      /outputs\.carrier should be "DHL", but is "UPS"/,
    ],
  ])('fails %s', async (expectation, message) => {
    const result = await runWrong(expectation);
    expect(result.passed).toBe(false);
    expect(result.tests[1]!.failure!.message).toMatch(message);
  });

  it('reports an unknown agent as a file that could not run', async () => {
    const spec = parseTestFile('agent: Nobody\ntests: [{ name: x, turns: [{ customer: hi }] }]\n', 'x.yaml');
    const result = await runConversationTests(clientOf(t), { source: 'x.yaml', spec, resources: [] });
    expect(result.passed).toBe(false);
    expect(result.error).toMatch(/^there is no agent "Nobody" \(agents: .*Demo Store Assistant.*\)$/);
    expect(result.tests).toEqual([]);
  });
});

describe('test file validation', () => {
  const details = (text: string) => {
    try {
      parseTestFile(text, 'bad.yaml');
    } catch (err) {
      return (err as { details: { path: string; message: string }[] }).details;
    }
    throw new Error('expected the file to be refused');
  };

  it('names the path of every problem', () => {
    const got = details(`
agent: Demo Store Assistant
tests:
  - name: a
    turns:
      - customer: hi
        expect: { state: waiting, repl: x, reply: { matches: "(" } }
      - { customer: hi, handback: true }
  - name: b
    turns: []
`);
    const paths = got.map((d) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'tests[0].turns[0].expect.state',
        'tests[0].turns[0].expect',
        'tests[0].turns[0].expect.reply.matches',
        'tests[0].turns[1]',
        'tests[1].turns',
      ]),
    );
    expect(got.find((d) => d.path === 'tests[0].turns[0].expect')!.message).toMatch(/repl/);
  });

  it('refuses patterns RE2 cannot run in linear time (lookaround, backreferences)', () => {
    const got = details(`
agent: Demo Store Assistant
tests:
  - name: a
    turns:
      - customer: hi
        expect: { reply: { matches: "^(?!.*qty).*quantity" } }
`);
    expect(got).toEqual([
      expect.objectContaining({
        path: 'tests[0].turns[0].expect.reply.matches',
        message: expect.stringMatching(/RE2/),
      }),
    ]);
  });

  it('refuses two tests with one name', () => {
    const got = details(`
agent: Demo Store Assistant
tests:
  - { name: same, turns: [{ customer: hi }] }
  - { name: same, turns: [{ customer: hello }] }
`);
    expect(got).toEqual([{ path: 'tests[1].name', message: '"same" is used twice' }]);
  });

  it('reports YAML syntax errors with their line', () => {
    expect(() => parseTestFile('agent: x\ntests: [\n', 'broken.yaml')).toThrow(/broken\.yaml: .*line/);
  });
});

describe('frontdesk test <file...>', () => {
  let t: TestApp;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    t = await startTestApp('pglite', { env: { FRONTDESK_DEMO: 'on' } });
    dir = await mkdtemp(join(tmpdir(), 'frontdesk-test-cli-'));
    env = { ...process.env, FRONTDESK_URL: t.url, FRONTDESK_API_KEY: t.adminKey };
  });
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs the files against the server, prints each test and exits 0 when all pass', async () => {
    const { stdout } = await run(
      process.execPath,
      [BIN, 'test', join(EXAMPLES, 'help-desk.test.yaml'), '--grep', 'topic'],
      { env },
    );
    expect(stdout).toContain('help-desk.test.yaml (agent: Example Help Desk)');
    expect(stdout).toContain('✓ a configured topic hands off straight away');
    expect(stdout).toContain('✓ a topic hands off even in the middle of collecting inputs');
    expect(stdout).not.toContain('clarifying question');
    expect(stdout).toMatch(/^2 passed, 0 failed$/m);
  });

  it('exits 1 and explains a failure, and reports an invalid file with its paths', async () => {
    await writeFile(
      join(dir, 'wrong.test.yaml'),
      'agent: Demo Store Assistant\ntests:\n  - name: wrong\n    turns:\n      - customer: do you ship internationally?\n        expect: { reply: we do not ship abroad }\n',
    );
    await writeFile(join(dir, 'invalid.test.yaml'), 'agent: Demo Store Assistant\ntests: [{ name: x }]\n');
    const failed = await run(
      process.execPath,
      [BIN, 'test', join(dir, 'wrong.test.yaml'), join(dir, 'invalid.test.yaml')],
      { env },
    ).then(
      () => null,
      (err: { code: number; stdout: string }) => err,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toContain('✗ wrong');
    expect(failed?.stdout).toContain(
      'the reply should contain "we do not ship abroad", but is "Yes. We ship',
    );
    expect(failed?.stdout).toContain('invalid.test.yaml is not a valid conversation test file.');
    expect(failed?.stdout).toContain('- tests[0].turns:');
    expect(failed?.stdout).toMatch(/^0 passed, 1 failed, 1 file\(s\) could not run$/m);
  });
});
