import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';

/**
 * The built-in engine's "done when" (C2, C4–C7), through the real server and its demo
 * workspace: the demo agent calls the demo store over loopback HTTP, and the store's own
 * refund list proves how many times a write really ran.
 */
interface Turn {
  replies: { text: string }[];
  state: string;
  trace: Record<string, any>;
}

function client(t: TestApp) {
  const agentId = async () =>
    (await t.call('GET', '/api/v1/agents')).body.agents.find(
      (a: { name: string }) => a.name === 'Demo Store Assistant',
    ).id as string;
  return {
    agentId,
    async start(body: Record<string, unknown> = {}, agent?: string): Promise<string> {
      const res = await t.call('POST', `/api/v1/agents/${agent ?? (await agentId())}/conversations`, {
        body,
      });
      expect(res.status).toBe(201);
      return res.body.id;
    },
    async say(id: string, text: string, clientMessageId?: string): Promise<Turn> {
      const res = await t.call('POST', `/api/v1/conversations/${id}/messages`, {
        body: { text, ...(clientMessageId ? { clientMessageId } : {}) },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body;
    },
    async refunds(): Promise<{ id: string; orderNumber: string; reason: string }[]> {
      return (await t.call('GET', '/demo-store/api/refunds', { key: null })).body.refunds;
    },
  };
}
const text = (turn: Turn) => turn.replies.map((r) => r.text).join('\n');

describe('built-in engine on the demo agent', () => {
  let t: TestApp;
  let c: ReturnType<typeof client>;

  beforeAll(async () => {
    // No way to send codes at all (the demo mailbox off too): identity gates hand off.
    t = await startTestApp('pglite', { env: { FRONTDESK_DEMO: 'on', FRONTDESK_DEMO_MAILBOX: 'off' } });
    c = client(t);
  });
  afterAll(async () => t?.close());

  describe('order status', () => {
    let id: string;
    const turns: Turn[] = [];
    beforeAll(async () => {
      id = await c.start({ contact: { email: 'olivia@example.com' } });
      for (const line of ['where is my order?', 'it is 12', '1234']) turns.push(await c.say(id, line));
    });

    it('routes "where is my order?" to order status', () => {
      const first = turns[0]!;
      expect(first.trace.route.decision).toBe('match');
      expect(first.trace.route.ranked[0].key).toBe('order_status');
      expect(first.trace.skill).toMatchObject({ key: 'order_status', kind: 'read' });
      expect(first.trace.run).toBeUndefined();
    });

    it("asks for the order number with the input's instructions", () => {
      expect(turns[0]!.state).toBe('awaiting_input');
      expect(text(turns[0]!)).toBe('What is your order number? (4 to 6 digits, e.g. 1234)');
    });

    it('rejects an invalid order number with the reason and asks again', () => {
      expect(turns[1]!.state).toBe('awaiting_input');
      expect(text(turns[1]!)).toBe(
        "That doesn't look like the value I need. Could you check it? What is your order number? (4 to 6 digits, e.g. 1234)",
      );
      expect(turns[1]!.trace.run).toBeUndefined();
    });

    it('calls the store API once, with the order number', async () => {
      const log = await t.call('GET', `/api/v1/integration-log?conversationId=${id}`);
      expect(log.status).toBe(200);
      expect(log.body.entries).toHaveLength(1);
      expect(log.body.entries[0]).toMatchObject({
        actionKey: 'order_status',
        conversationId: id,
        mode: 'live',
        status: 'ok',
        statusCode: 200,
        inputs: { order_number: '1234' },
      });
      expect(log.body.entries[0].request).toContain('/demo-store/api/orders/1234');
    });

    it('answers from the outputs, and the trace shows which action ran with what', () => {
      const last = turns[2]!;
      expect(text(last)).toBe('Order 1234 is shipped. It should arrive on 2026-11-25 with UPS.');
      expect(last.state).toBe('bot');
      expect(last.trace.skill).toMatchObject({ key: 'order_status' });
      expect(last.trace.inputs).toEqual({ order_number: '1234' });
      expect(last.trace.run).toMatchObject({
        ok: true,
        status: 200,
        outputs: { status: 'shipped', eta: '2026-11-25', carrier: 'UPS' },
        request: { method: 'GET' },
      });
    });
  });

  describe('refund (a write that needs a verified identity)', () => {
    it('asks for confirmation first and runs the refund exactly once after "yes", even if "yes" comes twice', async () => {
      const id = await c.start({ contact: { email: 'vic@example.com', verified: ['email'] } });
      const before = (await c.refunds()).length;
      expect((await c.say(id, 'I want a refund for order 1234')).state).toBe('awaiting_input');
      const confirm = await c.say(id, 'the mug arrived broken');
      expect(confirm.state).toBe('awaiting_confirmation');
      expect(confirm.trace.gate).toBe('confirmation');
      expect(text(confirm)).toBe(
        "To confirm: I'm about to refund an order (order number: 1234, reason: the mug arrived broken). Shall I go ahead? (yes / no)",
      );
      expect((await c.refunds()).length).toBe(before);

      const yes = await c.say(id, 'yes');
      expect(yes.trace.run).toMatchObject({ ok: true });
      const refundId = yes.trace.run.outputs.refund_id;
      expect(text(yes)).toBe(`Done: refund ${refundId} of 59.9 USD for order 1234 is approved.`);
      const again = await c.say(id, 'yes');
      expect(again.trace.run).toBeUndefined();
      expect(text(again)).toBe('Is there anything else I can help with?');

      const refunds = await c.refunds();
      expect(refunds.length).toBe(before + 1);
      expect(refunds.filter((r) => r.reason === 'the mug arrived broken')).toEqual([
        { id: refundId, orderNumber: '1234', amount: 59.9, reason: 'the mug arrived broken' },
      ]);
    });

    it('runs it once when the same clientMessageId is retried, one after the other or at the same time', async () => {
      const id = await c.start({ contact: { email: 'retry@example.com', verified: ['email'] } });
      await c.say(id, 'refund my order 1235', 'm1');
      await c.say(id, 'wrong colour', 'm2');
      const before = (await c.refunds()).length;
      const first = await c.say(id, 'yes', 'm3');
      const retried = await c.say(id, 'yes', 'm3');
      expect(retried).toEqual(first);
      expect((await c.refunds()).length).toBe(before + 1);

      // Another refund, its "yes" sent twice at once (a client retrying on a timeout).
      await c.say(id, 'refund my order 2001', 'm4');
      await c.say(id, 'too big', 'm5');
      const [a, b] = await Promise.all([c.say(id, 'yes', 'm6'), c.say(id, 'yes', 'm6')]);
      expect(a).toEqual(b);
      expect(a.trace.run.outputs.refund_id).toMatch(/^rf_/);
      const refunds = await c.refunds();
      expect(refunds.length).toBe(before + 2);
      expect(refunds.filter((r) => r.reason === 'too big').map((r) => r.orderNumber)).toEqual(['2001']);

      const conversation = (await t.call('GET', `/api/v1/conversations/${id}`)).body;
      const yeses = conversation.messages.filter((m: { role: string; text: string }) => m.text === 'yes');
      expect(yeses).toHaveLength(2);
    });

    it('refuses the refund of an unverified customer when no code can be mailed: no refund, a person takes over', async () => {
      const id = await c.start({ contact: { email: 'unverified@example.com' } });
      const before = (await c.refunds()).length;
      const turn = await c.say(id, 'I want a refund for order 1234');
      expect(turn.trace.gate).toBe('identity');
      expect(turn.trace.run).toBeUndefined();
      expect(turn.state).toBe('handed_off');
      expect(turn.trace.handoff).toEqual({ reason: 'identity_unavailable' });
      expect(text(turn)).toContain("I can't verify your identity");
      expect(await c.say(id, 'yes')).toMatchObject({ replies: [], state: 'handed_off' });
      expect((await c.refunds()).length).toBe(before);
      const log = await t.call('GET', `/api/v1/integration-log?conversationId=${id}`);
      expect(log.body.entries).toEqual([]);
    });
  });

  it('answers a question from a content source with its citation', async () => {
    const id = await c.start();
    const turn = await c.say(id, 'what is your returns policy?');
    expect(text(turn)).toBe(
      'You can return any item within 30 days of delivery for a full refund.\n\nSource: Returns policy (#returns)',
    );
    expect(turn.trace.knowledge).toMatchObject({ source: 'Source: Returns policy (#returns)' });
    expect(turn.trace.skill).toBeUndefined();
    expect(turn.state).toBe('bot');
  });

  it('hands off on "I want a human", stops replying, and answers again once a person hands back', async () => {
    const id = await c.start({ contact: { name: 'Hank', email: 'hank@example.com' } });
    await c.say(id, 'where is my order?');
    const handoff = await c.say(id, 'I want a human');
    expect(handoff.state).toBe('handed_off');
    expect(handoff.trace.handoff).toEqual({ reason: 'customer_request' });
    expect(text(handoff)).toBe(
      "I'm connecting you with a person from our team. They'll see our conversation so far.",
    );

    const conversation = (await t.call('GET', `/api/v1/conversations/${id}`)).body;
    expect(conversation.state).toBe('handed_off');
    expect(conversation.handoffs).toHaveLength(1);
    expect(conversation.handoffs[0]).toMatchObject({
      reason: 'customer_request',
      assignee: 'unassigned',
      resolvedAt: null,
    });
    expect(conversation.handoffs[0].summary).toBe(
      [
        'Reason: the customer asked for a person.',
        'First request: where is my order?',
        'Last message: I want a human',
        'No actions were run.',
        'Messages: 5.',
      ].join('\n'),
    );

    const quiet = await c.say(id, 'hello? where is my order 1234?');
    expect(quiet).toMatchObject({ replies: [], state: 'handed_off' });
    expect(quiet.trace.run).toBeUndefined();

    expect((await t.call('POST', `/api/v1/conversations/${id}/handback`)).body).toEqual({ state: 'bot' });
    const back = await c.say(id, 'where is my order 1234?');
    expect(text(back)).toBe('Order 1234 is shipped. It should arrive on 2026-11-25 with UPS.');
    const after = (await t.call('GET', `/api/v1/conversations/${id}`)).body;
    expect(after.state).toBe('bot');
    expect(after.handoffs[0].resolvedAt).not.toBeNull();
    expect((await t.call('POST', `/api/v1/conversations/${id}/handback`)).status).toBe(409);
  });

  it('lets a draft (preview) conversation use an unpublished action, and a normal one not (C7)', async () => {
    const agentId = await c.agentId();
    const storeUrl = `${t.url}/demo-store/api`;
    const created = await t.call('POST', `/api/v1/agents/${agentId}/actions`, {
      body: {
        key: 'order_items',
        name: 'Order items',
        description: 'List the items in an order',
        triggers: ['what items are in my order', 'what did I buy', 'list the items of my order'],
        kind: 'read',
        inputs: [{ name: 'order_number', type: 'string', pattern: '^[0-9]{4,6}$' }],
        request: { method: 'GET', url: `${storeUrl}/orders/{{order_number}}` },
        outputs: [{ name: 'items', path: '$.order.items[*].name' }],
        responseTemplate: 'Order {{order_number}} has: {{items}}.',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('draft');

    const live = await c.start();
    const liveTurn = await c.say(live, 'what did I buy in order 2001?');
    expect(liveTurn.trace.skill?.key).not.toBe('order_items');
    expect(liveTurn.trace.route.ranked.map((r: { key: string }) => r.key)).not.toContain('order_items');

    const preview = await c.start({ draft: true });
    const previewTurn = await c.say(preview, 'what did I buy in order 2001?');
    expect(previewTurn.trace.skill).toMatchObject({ key: 'order_items' });
    expect(previewTurn.trace.run).toMatchObject({ ok: true });
    expect(text(previewTurn)).toBe('Order 2001 has: Frontdesk hoodie.');
    const log = await t.call('GET', `/api/v1/integration-log?conversationId=${preview}`);
    expect(log.body.entries).toMatchObject([{ actionKey: 'order_items', mode: 'preview', status: 'ok' }]);
  });
});

describe('built-in engine: identity by a one-time code (real SMTP)', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let c: ReturnType<typeof client>;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp('pglite', { env: { FRONTDESK_DEMO: 'on', FRONTDESK_SMTP_URL: sink.url } });
    c = client(t);
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  it('mails a code, refuses a wrong one, and after the right one confirms and refunds once', async () => {
    const email = 'coder@example.com';
    const id = await c.start({ contact: { name: 'Cody', email } });
    const before = (await c.refunds()).length;

    const gate = await c.say(id, 'I want a refund for order 1234');
    expect(gate.trace.gate).toBe('identity');
    expect(gate.state).toBe('awaiting_input');
    expect(text(gate)).toBe(
      "For your security I need to verify your identity first. I've sent a 6-digit code to c***@example.com — please type it here.",
    );
    expect(sink.messages.filter((m) => m.to.includes(email))).toHaveLength(1);
    const code = sink.lastCode(email);

    const wrongCode = code === '000000' ? '111111' : '000000';
    const wrong = await c.say(id, wrongCode);
    expect(text(wrong)).toBe("That code doesn't match. Please check the email and try again.");
    expect(wrong.state).toBe('awaiting_input');
    expect(wrong.trace.run).toBeUndefined();

    const right = await c.say(id, `my code is ${code.slice(0, 3)} ${code.slice(3)}`);
    expect(right.replies.map((r) => r.text)).toEqual([
      'Thanks, you are verified.',
      'Briefly, why would you like a refund?',
    ]);
    const contact = (await t.call('GET', `/api/v1/conversations/${id}`)).body.contact;
    expect(contact.verified).toContain('email');

    const confirm = await c.say(id, 'it never arrived');
    expect(confirm.state).toBe('awaiting_confirmation');
    expect((await c.refunds()).length).toBe(before);
    const done = await c.say(id, 'yes please');
    expect(done.trace.run).toMatchObject({ ok: true });
    expect(await c.say(id, 'yes')).toMatchObject({ trace: { control: 'affirm' } });
    const refunds = (await c.refunds()).filter((r) => r.reason === 'it never arrived');
    expect(refunds).toEqual([expect.objectContaining({ orderNumber: '1234' })]);
    expect((await c.refunds()).length).toBe(before + 1);
  });

  it('refuses the refund while the code is not given: no refund before verification', async () => {
    const id = await c.start({ contact: { email: 'stubborn@example.com' } });
    const before = (await c.refunds()).length;
    await c.say(id, 'refund my order 1234');
    const skip = await c.say(id, 'just do the refund, order 1234');
    expect(skip.state).toBe('awaiting_input');
    expect(text(skip)).toBe('Please type the 6-digit code from the email.');
    expect(skip.trace.run).toBeUndefined();
    expect((await c.refunds()).length).toBe(before);
  });
});
