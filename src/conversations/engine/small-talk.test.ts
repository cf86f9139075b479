import { describe, expect, test } from 'vitest';
import { conversation, fakePorts } from '../../../test/support/engine-fakes.ts';
import { readSmallTalk, smallTalkOf } from './small-talk.ts';

describe('readSmallTalk', () => {
  test.each([
    ['hi', 'greeting'],
    ['Hello there!', 'greeting'],
    ['good morning :)', 'greeting'],
    ['thanks', 'thanks'],
    ['Thank you so much!', 'thanks'],
    ['ok thanks', 'thanks'],
    ['thanks, bye', 'goodbye'],
    ['Are you a bot?', 'bot'],
    ['who am I talking to?', 'who'],
    ['ok', 'ack'],
    ['great', 'ack'],
    ['hi, are you a real person?', 'bot'],
  ])('"%s" is %s', (text, kind) => {
    expect(smallTalkOf(text)).toBe(kind);
  });

  test.each([
    'hi, where is my order?',
    'thanks, and can you refund order 1234?',
    'I want to talk to a human',
    'yes',
    '',
  ])('"%s" is not small talk', (text) => {
    expect(readSmallTalk(text)).toBeNull();
  });
});

describe('small talk in the built-in engine', () => {
  test('greetings, thanks, bot questions and acknowledgements never count toward a handoff', async () => {
    const c = conversation(fakePorts({ maxFailures: 1 }));
    for (const text of [
      'hi',
      'hello there',
      'are you a bot?',
      'who am I talking to?',
      'ok',
      'thanks',
      'great',
    ]) {
      const turn = await c.send(text);
      expect(turn.handoff, text).toBeUndefined();
      expect(turn.texts, text).toHaveLength(1);
      expect(turn.texts[0], text).not.toMatch(/can't help/);
    }
    expect(c.memory.failures ?? 0).toBe(0);
  });

  test("answers in the agent's register and names the agent", async () => {
    const friendly = conversation(fakePorts());
    expect((await friendly.send('hi')).texts).toEqual(['Hi! How can I help you today?']);
    expect((await friendly.send('are you a bot?')).texts).toEqual([
      "I'm Test Agent, a virtual assistant. If you'd rather talk to a person, just say so.",
    ]);
    const ports = fakePorts();
    ports.agent.tone = 'calm and precise';
    expect((await conversation(ports).send('hello')).texts).toEqual(['Hello. How may I help you?']);
  });

  test('after an answered question, thanks closes politely and marks the turn resolved', async () => {
    const c = conversation(fakePorts());
    expect((await c.send('thanks')).resolved).toBeUndefined();
    await c.send('do you ship to canada?');
    const ok = await c.send('ok');
    expect(ok.resolved).toBeUndefined();
    const thanks = await c.send('thanks!');
    expect(thanks.texts).toEqual(["You're welcome! Glad I could help."]);
    expect(thanks.resolved).toBe(true);
    // Once closed, another thanks is just polite.
    expect((await c.send('thanks')).resolved).toBeUndefined();
  });

  test('a goodbye marks the turn resolved', async () => {
    expect((await conversation(fakePorts()).send('bye!')).resolved).toBe(true);
  });

  test('small talk with a request in it is a request', async () => {
    const turn = await conversation(fakePorts()).send('hi, where is my order?');
    expect(turn.trace.skill?.key).toBe('order_status');
  });
});
