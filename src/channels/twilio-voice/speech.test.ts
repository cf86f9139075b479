import { describe, expect, it } from 'vitest';
import { callerText, KEYPAD_DIGITS, KEYPAD_YES_NO, spokenReplies } from './speech.ts';

describe('voice speech', () => {
  it('speaks replies without markdown, URLs or footnotes', () => {
    const spoken = spokenReplies([
      {
        parts: [
          {
            type: 'text',
            text: 'See **our** [returns page](https://shop.example.com/returns) at https://shop.example.com/returns.',
          },
          { type: 'citation', title: 'Returns', url: 'https://x.example', text: 'Source: Returns' },
        ],
      },
      { parts: [{ type: 'text', text: 'Anything else?' }] },
    ]);
    expect(spoken).toBe('See our returns page at. Anything else?'.replace(' at.', ' at.'));
    expect(spoken).not.toMatch(/https?:|\*|\[|Source/);
  });

  it('reads at most three options and offers the keypad for yes or no', () => {
    const options = ['Order status', 'Refund', 'Password', 'Shipping'].map((l) => ({ value: l, label: l }));
    const many = spokenReplies([
      {
        parts: [
          {
            type: 'choices',
            kind: 'options',
            prompt: 'Which one?',
            options,
            inline: 'Which one? (a / b / c / d)',
          },
        ],
      },
    ]);
    expect(many).toBe('Which one? Order status, Refund, Password');
    const yesNo = spokenReplies([
      {
        parts: [
          {
            type: 'choices',
            kind: 'yes_no',
            prompt: 'Shall I go ahead?',
            options: [
              { value: 'yes', label: 'Yes' },
              { value: 'no', label: 'No' },
            ],
            inline: 'Shall I go ahead? (yes / no)',
          },
        ],
      },
    ]);
    expect(yesNo).toBe(`Shall I go ahead? ${KEYPAD_YES_NO}`);
  });

  it('offers the keypad when the agent asks for a number', () => {
    const spoken = spokenReplies([
      { parts: [{ type: 'text', text: 'What is your order number? 4 to 6 digits, e.g. 1234' }] },
    ]);
    expect(spoken.endsWith(KEYPAD_DIGITS)).toBe(true);
    expect(spokenReplies([{ parts: [{ type: 'text', text: 'Order 1234 is shipped.' }] }])).toBe(
      'Order 1234 is shipped.',
    );
  });

  it('turns keys into answers: 1 is yes and 2 is no while a confirmation waits, digits otherwise', () => {
    expect(callerText({ digits: '1' }, 'confirmation')).toBe('yes');
    expect(callerText({ digits: '2' }, 'confirmation')).toBe('no');
    expect(callerText({ digits: '1' }, 'input')).toBe('1');
    expect(callerText({ digits: '1234#' }, 'input')).toBe('1234');
    expect(callerText({ speech: ' Where is my order? ', digits: '' }, undefined)).toBe('Where is my order?');
    expect(callerText({}, undefined)).toBe('');
  });
});
