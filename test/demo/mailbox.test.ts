import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountWithAdmin } from '../../src/access/bootstrap.ts';
import { DEMO_STORE_PATH, seedDemo } from '../../src/demo/seed.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';

const BIN = join(import.meta.dirname, '../../bin/frontdesk.js');

interface Turn {
  replies: { text: string }[];
  state: string;
  trace: Record<string, any>;
}
const text = (turn: Turn) => turn.replies.map((r) => r.text).join('\n');

async function demoAgentId(t: TestApp, key?: string): Promise<string> {
  const agents = (await t.call('GET', '/api/v1/agents', key ? { key } : {})).body.agents;
  return agents.find((a: { name: string }) => a.name === 'Demo Store Assistant').id;
}

describe.each(backends)('the demo refund on a bare start, codes in the demo mailbox (%s)', (kind) => {
  let t: TestApp;
  const say = async (id: string, words: string, key?: string): Promise<Turn> => {
    const res = await t.call('POST', `/api/v1/conversations/${id}/messages`, {
      body: { text: words },
      ...(key ? { key } : {}),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const start = async (agentId: string, email: string, key?: string): Promise<string> => {
    const res = await t.call('POST', `/api/v1/agents/${agentId}/conversations`, {
      body: { contact: { email } },
      ...(key ? { key } : {}),
    });
    expect(res.status).toBe(201);
    return res.body.id;
  };
  const mailbox = async (to: string) =>
    (await t.call('GET', `/demo-store/mailbox.json?to=${encodeURIComponent(to)}`, { key: null })).body;

  beforeAll(async () => {
    // FRONTDESK_DEMO on and no FRONTDESK_SMTP_URL: what `npm start` gives a new user.
    t = await startTestApp(kind, { env: { FRONTDESK_DEMO: 'on' } });
  }, 120_000);
  afterAll(async () => t?.close());

  it('runs the refund end to end with the code read from the demo mailbox', async () => {
    const email = 'demo-buyer@example.com';
    const id = await start(await demoAgentId(t), email);
    const refundsBefore = (await t.call('GET', `${DEMO_STORE_PATH}/refunds`, { key: null })).body.refunds
      .length;

    const gate = await say(id, 'I want a refund for order 1234');
    expect(gate.trace.gate).toBe('identity');
    expect(gate.state).toBe('awaiting_input');
    expect(text(gate)).toContain('d***@example.com');

    const box = await mailbox(email);
    expect(box.notice).toContain('only the demo workspace');
    expect(box.messages).toHaveLength(1);
    const code = /\b(\d{6})\b/.exec(box.messages[0].subject)![1]!;

    const verified = await say(id, code);
    expect(text(verified)).toContain('verified');
    const confirm = await say(id, 'it arrived broken');
    expect(confirm.state).toBe('awaiting_confirmation');
    const done = await say(id, 'yes');
    expect(done.trace.run).toMatchObject({ ok: true });
    const refunds = (await t.call('GET', `${DEMO_STORE_PATH}/refunds`, { key: null })).body.refunds;
    expect(refunds).toHaveLength(refundsBefore + 1);
    expect(refunds.at(-1)).toMatchObject({ orderNumber: '1234', reason: 'it arrived broken' });
  });

  it('shows the mailbox as a page that says what it is', async () => {
    const res = await fetch(`${t.url}/demo-store/mailbox`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('Demo mailbox');
    expect(html).toContain('It serves only the demo workspace; set FRONTDESK_SMTP_URL to send real mail.');
    expect(html).toContain('Your verification code');
  });

  it('serves only the demo workspace: another account still hands off', async () => {
    const other = await createAccountWithAdmin(t.rt.ctx.db, { name: 'Other shop' });
    await seedDemo(t.rt.ctx.db, other.accountId, `${t.url}${DEMO_STORE_PATH}`);
    const email = 'other-buyer@example.com';
    const id = await start(await demoAgentId(t, other.adminKey), email, other.adminKey);
    const turn = await say(id, 'I want a refund for order 1234', other.adminKey);
    expect(turn.state).toBe('handed_off');
    expect(turn.trace.handoff).toEqual({ reason: 'identity_unavailable' });
    expect((await mailbox(email)).messages).toEqual([]);
  });

  it('frontdesk chat prints the code from the demo mailbox', async () => {
    const child = spawn(
      process.execPath,
      [BIN, 'chat', 'Demo Store Assistant', '--email', 'chat-buyer@example.com'],
      {
        env: { ...process.env, FRONTDESK_URL: t.url, FRONTDESK_API_KEY: t.adminKey },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
    });
    const waitFor = async (pattern: RegExp) => {
      for (let i = 0; i < 600 && !pattern.test(out); i++) await new Promise((r) => setTimeout(r, 100));
      expect(out).toMatch(pattern);
    };
    await waitFor(/Demo Store assistant/);
    child.stdin.write('I want a refund for order 1235\n');
    await waitFor(
      /\[demo mailbox, .*\/demo-store\/mailbox\] to chat-buyer@example\.com: Your verification code: \d{6}/,
    );
    child.stdin.end('/quit\n');
    expect(await new Promise((r) => child.once('exit', r))).toBe(0);
  }, 90_000);
});

describe('with SMTP configured the demo mailbox is off', () => {
  let t: TestApp;
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp('pglite', { env: { FRONTDESK_DEMO: 'on', FRONTDESK_SMTP_URL: sink.url } });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  it('says so, and codes go by real mail', async () => {
    const res = await t.call('GET', '/demo-store/mailbox.json', { key: null });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('demo_mailbox_off');
    expect(await (await fetch(`${t.url}/demo-store/mailbox`)).text()).toContain('The demo mailbox is off');
    const id = (
      await t.call('POST', `/api/v1/agents/${await demoAgentId(t)}/conversations`, {
        body: { contact: { email: 'smtp-buyer@example.com' } },
      })
    ).body.id;
    await t.call('POST', `/api/v1/conversations/${id}/messages`, {
      body: { text: 'I want a refund for order 1234' },
    });
    expect(sink.lastCode('smtp-buyer@example.com')).toMatch(/^\d{6}$/);
  });
});
