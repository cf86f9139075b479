import { describe, expect, it } from 'vitest';
import { detectControl } from './control.ts';

describe('detectControl', () => {
  it.each([
    'yes',
    'Yes.',
    'yep',
    'yeah sure',
    'sure, go ahead',
    'Yes please!',
    'ok',
    'Sounds good, thanks',
    "That's correct",
    "That's affirmative.",
    'please do',
    '👍',
  ])('affirm: %s', (text) => {
    expect(detectControl(text)).toBe('affirm');
  });

  it.each([
    'no',
    'No.',
    'nope',
    'no thanks',
    'No, thank you',
    'nah',
    "I don't think so",
    'not now',
    'that is wrong',
  ])('deny: %s', (text) => {
    expect(detectControl(text)).toBe('deny');
  });

  it.each([
    'never mind',
    'Nevermind.',
    'cancel',
    'cancel that',
    'forget it',
    'stop',
    'no, forget it',
    'I changed my mind',
  ])('cancel: %s', (text) => {
    expect(detectControl(text)).toBe('cancel');
  });

  it.each(['start over', "Let's start again", 'restart', 'can we start from the beginning'])(
    'restart: %s',
    (text) => {
      expect(detectControl(text)).toBe('restart');
    },
  );

  it.each([
    'I want a human',
    'talk to an agent',
    'real person please',
    'representative',
    'Can I speak with someone from your team?',
    'this is useless, let me talk to a real person',
    'transfer me to a live agent',
    'operator!',
  ])('human: %s', (text) => {
    expect(detectControl(text)).toBe('human');
  });

  it.each([
    // Carries a value: a correction, not a refusal.
    'no, my order number is 1235',
    'yes, but change the date to Friday',
    // A request to the agent, not a way of steering the conversation.
    'I need to cancel my order',
    'stop my subscription please',
    'I need a table for 4 people',
    // Asking what it is talking to is not asking for a handoff.
    'are you a human?',
    // Both ways at once is for the customer to settle.
    'yes no',
    'maybe',
    '',
  ])('none: %s', (text) => {
    expect(detectControl(text)).toBeNull();
  });
});
