import { describe, expect, it } from 'vitest';
import { parseText } from './text.ts';

describe('parseText', () => {
  it('splits paragraph blocks and groups them under heading-like lines', () => {
    const doc = parseText(
      [
        'Thanks for shopping with us. We answer',
        'every message within a day.',
        '',
        'RETURNS:',
        '',
        'You have 30 days to return an item.',
        '',
        '- Keep the receipt',
        '- Keep the tags',
        '',
        'Refunds',
        'Refunds take 5 business days.',
        '',
        'Last line',
      ].join('\n'),
    );
    expect(doc.title).toBe('');
    expect(doc.sections).toEqual([
      { heading: '', anchor: '', text: 'Thanks for shopping with us. We answer every message within a day.' },
      {
        heading: 'RETURNS',
        anchor: 'returns',
        text: 'You have 30 days to return an item.\nKeep the receipt\nKeep the tags',
      },
      { heading: 'Refunds', anchor: 'refunds', text: 'Refunds take 5 business days.\nLast line' },
    ]);
  });

  it('does not take wrapped sentence lines for headings', () => {
    const doc = parseText(
      'We ship to the United States and\nCanada within a week.\n\nShort wrapped\nline continues here.',
    );
    expect(doc.sections).toEqual([
      {
        heading: '',
        anchor: '',
        text: 'We ship to the United States and Canada within a week.\nShort wrapped line continues here.',
      },
    ]);
  });
});
