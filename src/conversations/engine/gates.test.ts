import { describe, expect, test } from 'vitest';
import { conversation, fakePorts } from '../../../test/support/engine-fakes.ts';

/** The gates of C4 through the built-in engine, with fake ports: identity, inputs, confirmation, run. */

const CONFIRM_1234 =
  "To confirm: I'm about to refund an order (order number: 1234, reason: it broke). Shall I go ahead? (yes / no)";
const SENT = (masked: string) =>
  `For your security I need to verify your identity first. I've sent a 6-digit code to ${masked} — please type it here.`;

describe('identity gate (by code)', () => {
  test('sent, wrong, then verified: the skill moves on to its inputs', async () => {
    const ports = fakePorts();
    const c = conversation(ports);
    const asked = await c.send('I want a refund');
    expect(asked.texts).toEqual([SENT('j***@example.com')]);
    expect(asked.trace.gate).toBe('identity');
    expect(asked.state).toBe('awaiting_input');
    expect(asked.replies[0]!.parts[0]).toMatchObject({
      type: 'code_request',
      step: 'sent',
      to: 'j***@example.com',
    });
    expect(ports.codesSent).toEqual(['jane@example.com']);

    expect((await c.send('my code is 111111')).texts).toEqual([
      "That code doesn't match. Please check the email and try again.",
    ]);
    expect((await c.send('no idea')).texts).toEqual(['Please type the 6-digit code from the email.']);
    const ok = await c.send('123 456');
    expect(ok.texts).toEqual([
      'Thanks, you are verified.',
      'What is your order number? (4 to 6 digits, e.g. 1234)',
    ]);
    expect(ok.memory.awaiting).toBe('input');
    expect(ports.runs).toEqual([]);
  });

  test('expired: a new code is sent', async () => {
    const ports = fakePorts({ codeChecks: ['expired'] });
    const c = conversation(ports);
    await c.send('I want a refund');
    const turn = await c.send('123456');
    expect(turn.texts).toEqual(['That code has expired. I have sent you a new one.']);
    expect(ports.codesSent).toEqual(['jane@example.com', 'jane@example.com']);
    expect(turn.memory.awaiting).toBe('code');
  });

  test('too many attempts: handed off as verification_failed, nothing pending', async () => {
    const c = conversation(fakePorts({ codeChecks: ['too_many_attempts'] }));
    await c.send('I want a refund');
    const turn = await c.send('123456');
    expect(turn.handoff).toBe('verification_failed');
    expect(turn.memory.pending).toBeUndefined();
    expect(turn.replies[0]!.parts[0]).toMatchObject({
      type: 'handoff_notice',
      reason: 'verification_failed',
    });
  });

  test('no email on the contact: asked for one, then the code goes there', async () => {
    const ports = fakePorts({ contact: { email: null, identities: [] } });
    const c = conversation(ports);
    expect((await c.send('I want a refund')).texts).toEqual([
      'For your security I need to verify your identity first. What is the email address on your account?',
    ]);
    const bad = await c.send('not an address');
    expect(bad.texts[0]).toMatch(/What is the email address on your account\?$/);
    expect(bad.memory.awaiting).toBe('email');
    expect((await c.send('sam@example.org')).texts).toEqual([SENT('s***@example.org')]);
    expect(ports.codesSent).toEqual(['sam@example.org']);
  });

  test('no way to send codes: handed off as identity_unavailable', async () => {
    const turn = await conversation(fakePorts({ canSendCodes: false })).send('I want a refund');
    expect(turn.handoff).toBe('identity_unavailable');
    expect(turn.texts).toEqual([
      "I can't verify your identity in this conversation, so I'll connect you with a person who can help.",
    ]);
  });

  test('a contact with a verified identity skips the gate', async () => {
    const turn = await conversation(fakePorts({ verified: true })).send('I want a refund for order 1234');
    expect(turn.trace.gate).toBeUndefined();
    expect(turn.texts).toEqual(['Briefly, why would you like a refund?']);
  });
});

describe('inputs gate', () => {
  test('one question at a time; an invalid answer is re-asked with the reason', async () => {
    const c = conversation(fakePorts({ verified: true }));
    expect((await c.send('I want a refund')).texts).toEqual([
      'What is your order number? (4 to 6 digits, e.g. 1234)',
    ]);
    const bad = await c.send('12');
    expect(bad.texts).toHaveLength(1);
    expect(bad.texts[0]).toMatch(/What is your order number\? \(4 to 6 digits, e\.g\. 1234\)$/);
    expect(bad.texts[0]!.length).toBeGreaterThan(
      'What is your order number? (4 to 6 digits, e.g. 1234)'.length,
    );
    expect(bad.memory.pending?.invalid).toBe(1);
    expect((await c.send('1234')).texts).toEqual(['Briefly, why would you like a refund?']);
    expect((await c.send('it broke')).texts).toEqual([CONFIRM_1234]);
  });

  test('three invalid answers in a row hand off as repeated_failure', async () => {
    const ports = fakePorts();
    const c = conversation(ports);
    await c.send('where is my order');
    await c.send('12');
    await c.send('ab');
    const third = await c.send('x');
    expect(third.handoff).toBe('repeated_failure');
    expect(third.texts).toEqual([
      "I'm having trouble with that answer, so I'm connecting you with a person from our team who can help.",
    ]);
    expect(ports.runs).toEqual([]);
  });

  test('a distinctive value in the request is taken at once', async () => {
    const ports = fakePorts({ outcomes: { order_status: { ok: true, outputs: { status: 'shipped' } } } });
    const turn = await conversation(ports).send('Where is my order 1234?');
    expect(turn.texts).toEqual(['Order 1234 is shipped.']);
    expect(ports.runs.map((r) => r.values)).toEqual([{ order_number: '1234' }]);
  });
});

describe('confirmation gate', () => {
  async function confirming(outcomes = {}) {
    const ports = fakePorts({ verified: true, outcomes });
    const c = conversation(ports);
    await c.send('refund my order 1234');
    const asked = await c.send('it broke');
    expect(asked.texts).toEqual([CONFIRM_1234]);
    expect(asked.state).toBe('awaiting_confirmation');
    expect(asked.replies[0]!.parts.map((p) => p.type)).toEqual(['text', 'choices']);
    return { ports, c };
  }

  test('yes runs it once', async () => {
    const { ports, c } = await confirming({
      refund_order: { ok: true, outputs: { refund_id: 'rf_1', amount: 59.9, currency: 'USD' } },
    });
    const done = await c.send('yes');
    expect(done.texts).toEqual(['Done: refund rf_1 of 59.9 USD for order 1234 is approved.']);
    expect(ports.runs).toHaveLength(1);
    expect(done.state).toBe('bot');
  });

  test('no runs nothing', async () => {
    const { ports, c } = await confirming();
    expect((await c.send('no')).texts).toEqual([
      "OK, I won't do that. Is there anything else I can help with?",
    ]);
    expect(ports.runs).toEqual([]);
  });

  test('a correction changes the value and asks again', async () => {
    const { ports, c } = await confirming();
    const again = await c.send("actually it's 1235");
    expect(again.texts).toEqual([CONFIRM_1234.replace('1234', '1235')]);
    await c.send('yes');
    expect(ports.runs.map((r) => r.values.order_number)).toEqual(['1235']);
  });

  test('anything else: yes or no', async () => {
    const { c } = await confirming();
    expect((await c.send('what colour is the sky')).texts).toEqual(['Please answer yes or no.']);
  });
});

describe('run gate', () => {
  test('a 404 on a read asks for the id again', async () => {
    const ports = fakePorts({
      outcomes: {
        order_status: (v) =>
          v.order_number === '9999'
            ? { ok: false, outputs: {}, status: 404, error: { class: 'http_status', message: 'HTTP 404' } }
            : { ok: true, outputs: { status: 'delivered' } },
      },
    });
    const c = conversation(ports);
    const miss = await c.send('where is my order 9999');
    expect(miss.texts).toEqual([
      "I couldn't find anything for those details. What is your order number? (4 to 6 digits, e.g. 1234)",
    ]);
    expect(miss.state).toBe('awaiting_input');
    expect((await c.send('1234')).texts).toEqual(['Order 1234 is delivered.']);
    expect(ports.runs.map((r) => r.runId)).toEqual(['run_1', 'run_2']);
  });

  test('a failure hands off as action_failed', async () => {
    const ports = fakePorts({
      outcomes: {
        cancel_order: {
          ok: false,
          outputs: {},
          status: 500,
          error: { class: 'http_status', message: 'HTTP 500' },
        },
      },
    });
    const c = conversation(ports);
    await c.send('cancel my order 1234');
    const turn = await c.send('yes');
    expect(turn.handoff).toBe('action_failed');
    expect(turn.texts).toEqual([
      "Sorry, that didn't work on our side. I'm connecting you with a person from our team who can help.",
    ]);
    expect(turn.trace.run).toMatchObject({ ok: false, status: 500 });
  });

  test('an earlier attempt that never finished is not repeated: handed off as action_uncertain', async () => {
    const ports = fakePorts({ outcomes: { cancel_order: { ok: false, outputs: {}, uncertain: true } } });
    const c = conversation(ports);
    await c.send('cancel my order 1234');
    const turn = await c.send('yes');
    expect(turn.handoff).toBe('action_uncertain');
    expect(turn.texts[0]).toMatch(/couldn't confirm it finished, so I won't repeat it/);
  });

  test('a replayed write answers with its stored result', async () => {
    const ports = fakePorts({ outcomes: { cancel_order: { ok: true, outputs: {}, replayed: true } } });
    const c = conversation(ports);
    await c.send('cancel my order 1234');
    const turn = await c.send('yes');
    expect(turn.texts).toEqual(['Order 1234 is cancelled.']);
    expect(turn.trace.run?.replayed).toBe(true);
  });
});
