import { describe, expect, test } from 'vitest';
import { conversation, fakePorts } from '../../../test/support/engine-fakes.ts';

/** The built-in engine (C2) with fake ports: handoffs, corrections, cancel, start over, clarify, knowledge. */

const CANT_HELP = "Sorry, I can't help with that. Would you like me to connect you with a person?";
const HANDOFF = "I'm connecting you with a person from our team. They'll see our conversation so far.";

describe('handoff triggers', () => {
  test('the customer asks for a person, even mid-way through a skill', async () => {
    const c = conversation(fakePorts({ verified: true }));
    await c.send('I want a refund');
    const turn = await c.send('let me talk to a real person');
    expect(turn.handoff).toBe('customer_request');
    expect(turn.texts).toEqual([HANDOFF]);
    expect(turn.memory.pending).toBeUndefined();
    expect(turn.trace.handoff).toEqual({ reason: 'customer_request' });
  });

  test('"yes" to the offer of a person', async () => {
    const c = conversation(fakePorts());
    expect((await c.send('tell me a joke about penguins')).texts).toEqual([CANT_HELP]);
    expect((await c.send('yes')).handoff).toBe('customer_request');
  });

  test('"no" to the offer of a person', async () => {
    const c = conversation(fakePorts());
    await c.send('tell me a joke about penguins');
    const turn = await c.send('no');
    expect(turn.handoff).toBeUndefined();
    expect(turn.texts).toEqual(['Is there anything else I can help with?']);
  });

  test('a handoff topic, as whole words with endings, case-insensitively', async () => {
    const ports = fakePorts({ handoffTopics: ['lawyer', 'legal'] });
    expect((await conversation(ports).send('My LAWYERS will call you')).handoff).toBe('topic:lawyer');
    expect((await conversation(ports).send('I am taking legal action')).handoff).toBe('topic:legal');
    expect((await conversation(ports).send('This is illegal!')).handoff).toBeUndefined();
  });

  test('the agent could not help maxFailures times in a row', async () => {
    const c = conversation(fakePorts({ maxFailures: 2 }));
    expect((await c.send('tell me a joke')).texts).toEqual([CANT_HELP]);
    const second = await c.send('what is the meaning of life');
    expect(second.handoff).toBe('repeated_failure');
    expect(second.texts).toEqual([HANDOFF]);
  });

  test('a successful answer resets the failure count', async () => {
    const c = conversation(fakePorts({ maxFailures: 2 }));
    await c.send('tell me a joke');
    expect((await c.send('do you ship to canada?')).memory.failures).toBe(0);
    expect((await c.send('what is the meaning of life')).handoff).toBeUndefined();
  });
});

describe('corrections, cancellation, start over', () => {
  test('a correction of an earlier answer while the next input is asked', async () => {
    const c = conversation(fakePorts({ verified: true }));
    await c.send('refund my order 1234');
    const turn = await c.send('sorry, I meant 1235');
    expect(turn.texts).toEqual([
      "OK, I've changed the order number to 1235. Briefly, why would you like a refund?",
    ]);
    expect(turn.memory.pending?.values).toEqual({ order_number: '1235' });
  });

  test('cancel drops what is pending', async () => {
    const ports = fakePorts({ verified: true });
    const c = conversation(ports);
    await c.send('cancel my order 1234');
    const turn = await c.send('cancel');
    expect(turn.texts).toEqual(["OK, I've cancelled that. Is there anything else I can help with?"]);
    expect(turn.memory).toEqual({ failures: 0 });
    expect(ports.runs).toEqual([]);
  });

  test('start over drops what is pending', async () => {
    const c = conversation(fakePorts());
    await c.send('where is my order');
    const turn = await c.send('start over');
    expect(turn.texts).toEqual(["Sure, let's start over. How can I help?"]);
    expect(turn.memory.pending).toBeUndefined();
  });

  test('a bare "yes" with nothing under way', async () => {
    expect((await conversation(fakePorts()).send('yes')).texts).toEqual([
      'Is there anything else I can help with?',
    ]);
  });
});

describe('clarifying question', () => {
  test.each([
    ['2', 'cancel_subscription'],
    ['the first one', 'cancel_order'],
    ['Cancel a subscription please', 'cancel_subscription'],
  ])('"%s" picks an option', async (answer, key) => {
    const c = conversation(fakePorts());
    const asked = await c.send('I need to cancel something');
    expect(asked.texts[0]).toMatch(/^Did you mean 1\) Cancel an order or 2\) Cancel a subscription\?$/);
    expect(asked.replies[0]!.parts[0]).toMatchObject({ type: 'choices', kind: 'options' });
    expect(asked.memory.awaiting).toBe('clarify');
    const picked = await c.send(answer);
    expect(picked.trace.skill?.key).toBe(key);
  });

  test('an answer that picks nothing is routed as a new message', async () => {
    const c = conversation(fakePorts());
    await c.send('I need to cancel something');
    const turn = await c.send('do you ship to canada?');
    expect(turn.memory.clarify).toBeUndefined();
    expect(turn.trace.knowledge).toBeDefined();
  });
});

describe('knowledge', () => {
  test('an answer with its source as a citation part', async () => {
    const turn = await conversation(fakePorts()).send('What is your return policy?');
    expect(turn.texts).toEqual([
      'You can return any item within 30 days of delivery for a full refund.\n\nSource: Returns policy (#returns)',
    ]);
    expect(turn.replies[0]!.parts[1]).toMatchObject({
      type: 'citation',
      title: 'Returns policy',
      section: 'returns',
    });
  });
});
