import { describe, expect, it } from 'vitest';
import { keywordOf } from './keywords.ts';

describe('SMS keywords', () => {
  it("recognises Twilio's opt-out, opt-in and help words as whole messages", () => {
    expect(keywordOf('STOP', false)).toBe('stop');
    expect(keywordOf(' stop. ', false)).toBe('stop');
    expect(keywordOf('Unsubscribe', false)).toBe('stop');
    expect(keywordOf('HELP', false)).toBe('help');
    expect(keywordOf('info', true)).toBe('help');
    expect(keywordOf('START', true)).toBe('start');
  });

  it('leaves ordinary messages, and "yes" from a subscribed number, to the agent', () => {
    expect(keywordOf('please stop sending me the wrong parcel', false)).toBeNull();
    expect(keywordOf('yes', false)).toBeNull();
    expect(keywordOf('START', false)).toBeNull();
    expect(keywordOf('help me with my order', false)).toBeNull();
  });
});
