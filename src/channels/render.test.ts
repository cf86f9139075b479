import { describe, expect, test } from 'vitest';
import type { Reply } from '../conversations/engine/index.ts';
import { PLAIN, renderReply } from './render.ts';

const confirm: Reply = {
  parts: [
    { type: 'text', text: "To confirm: I'm about to refund an order (order number: 1234)." },
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
};

const answer: Reply = {
  parts: [
    { type: 'text', text: 'Refunds take **5 days**. See https://example.com/refunds.' },
    {
      type: 'citation',
      title: 'Returns policy',
      section: 'refunds',
      url: 'https://example.com/returns',
      text: 'Source: Returns policy (#refunds)',
    },
  ],
};

const clarify = (n: number): Reply => ({
  parts: [
    {
      type: 'choices',
      kind: 'options',
      prompt: 'Which one did you mean?',
      options: Array.from({ length: n }, (_, i) => ({ value: `k${i}`, label: `Option ${i + 1}` })),
      inline: 'Did you mean 1) Option 1 or 2) Option 2?',
    },
  ],
});

describe('renderReply', () => {
  test('plain text without buttons is the text the API has always returned', () => {
    expect(renderReply(confirm, PLAIN)).toEqual({
      text: "To confirm: I'm about to refund an order (order number: 1234). Shall I go ahead? (yes / no)",
    });
    expect(renderReply(answer, PLAIN).text).toBe(
      'Refunds take **5 days**. See https://example.com/refunds.\n\nSource: Returns policy (#refunds)',
    );
    expect(renderReply(clarify(2), PLAIN).text).toBe('Did you mean 1) Option 1 or 2) Option 2?');
  });

  test('with buttons, choices become buttons under their prompt', () => {
    expect(renderReply(confirm, { ...PLAIN, buttons: true })).toEqual({
      text: "To confirm: I'm about to refund an order (order number: 1234). Shall I go ahead?",
      buttons: [
        { value: 'yes', label: 'Yes' },
        { value: 'no', label: 'No' },
      ],
    });
    expect(renderReply(answer, { ...PLAIN, buttons: true }).buttons).toBeUndefined();
  });

  test('markdown links the cited source', () => {
    expect(renderReply(answer, { ...PLAIN, text: 'markdown' }).text).toBe(
      'Refunds take **5 days**. See https://example.com/refunds.\n\n_Source: [Returns policy](https://example.com/returns) (#refunds)_',
    );
  });

  test('speech drops footnotes, URLs and markdown, and reads at most three options', () => {
    const spoken = { text: 'plain', buttons: false, speech: true } as const;
    expect(renderReply(answer, spoken)).toEqual({ text: 'Refunds take 5 days. See.' });
    expect(renderReply(confirm, spoken).text).toBe(
      "To confirm: I'm about to refund an order (order number: 1234). Shall I go ahead?",
    );
    expect(renderReply(clarify(2), spoken).text).toBe('Did you mean 1) Option 1 or 2) Option 2?');
    expect(renderReply(clarify(5), spoken).text).toBe('Which one did you mean? Option 1, Option 2, Option 3');
  });
});
