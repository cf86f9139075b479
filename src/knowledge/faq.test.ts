import { describe, expect, it } from 'vitest';
import { faqPassages } from './faq.ts';

describe('faqPassages', () => {
  it('makes one passage per entry, anchored by the entry id, skipping blank entries', () => {
    expect(
      faqPassages({ id: 'faq', title: 'FAQ' }, [
        { id: 'e1', question: ' Do you\nship abroad? ', answer: ' Yes, to the EU. ' },
        { id: 'e2', question: 'Empty?', answer: '  ' },
      ]),
    ).toEqual([
      {
        sourceId: 'faq',
        sourceTitle: 'FAQ',
        heading: '',
        anchor: 'e1',
        question: 'Do you ship abroad?',
        text: 'Yes, to the EU.',
      },
    ]);
  });
});
