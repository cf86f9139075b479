import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

const BIN = join(import.meta.dirname, '../../bin/frontdesk.js');

describe('frontdesk chat and actions test against the demo agent', () => {
  let t: TestApp;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    t = await startTestApp('pglite', { env: { FRONTDESK_DEMO: 'on' } });
    env = { ...process.env, FRONTDESK_URL: t.url, FRONTDESK_API_KEY: t.adminKey };
  });
  afterAll(async () => {
    await t?.close();
  });

  it('chats in the terminal: order status end to end', async () => {
    const child = spawn(process.execPath, [BIN, 'chat', 'Demo Store Assistant', '--trace'], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
    });
    const waitFor = async (text: string) => {
      for (let i = 0; i < 300 && !out.includes(text); i++) await new Promise((r) => setTimeout(r, 50));
      expect(out).toContain(text);
    };
    await waitFor("I'm the Demo Store assistant");
    child.stdin.write('where is my order?\n');
    await waitFor('What is your order number?');
    child.stdin.write('1234\n');
    await waitFor('Order 1234 is shipped');
    expect(out).toContain('order_status → ok 200');
    child.stdin.end('/quit\n');
    expect(await new Promise((r) => child.once('exit', r))).toBe(0);
  });

  it('test-calls an action with typed inputs', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [BIN, 'actions', 'test', 'order_status', '-i', 'order_number="2001"'],
      { env },
    );
    const res = JSON.parse(stdout);
    expect(res).toMatchObject({ ok: true, status: 200, outputs: { status: 'delivered' } });
    // A number where a string is declared is refused, strictly.
    const bad = await promisify(execFile)(
      process.execPath,
      [BIN, 'actions', 'test', 'order_status', '-i', 'order_number=2001'],
      { env },
    ).catch((e: { stdout: string; code: number }) => e);
    expect((bad as { code: number }).code).toBe(1);
    expect(JSON.parse((bad as { stdout: string }).stdout).error.class).toBe('invalid_input');
  });
});
