import { describe, expect, it } from 'vitest';
import { messengerBodies, split } from './send.ts';

describe('Messenger request bodies', () => {
  it('sends text as a RESPONSE to the PSID', () => {
    expect(messengerBodies('6001', { text: 'Hello' })).toEqual([
      { recipient: { id: '6001' }, messaging_type: 'RESPONSE', message: { text: 'Hello' } },
    ]);
  });
  it('sends choices as quick replies whose payload is the value', () => {
    const [body] = messengerBodies('6001', {
      text: 'Shall I go ahead?',
      buttons: [
        { value: 'yes', label: 'Yes' },
        { value: 'no', label: 'No' },
      ],
    });
    expect(body).toEqual({
      recipient: { id: '6001' },
      messaging_type: 'RESPONSE',
      message: {
        text: 'Shall I go ahead?',
        quick_replies: [
          { content_type: 'text', title: 'Yes', payload: 'yes' },
          { content_type: 'text', title: 'No', payload: 'no' },
        ],
      },
    });
  });
  it('splits long text at word boundaries, each piece within the limit', () => {
    const words = Array.from({ length: 700 }, (_, i) => `word${i}`).join(' ');
    const pieces = split(words, 2000);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(2000);
    expect(pieces.join(' ')).toBe(words);
  });
});
