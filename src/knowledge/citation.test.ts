import { describe, expect, it } from 'vitest';
import { formatCitation } from './citation.ts';

describe('formatCitation', () => {
  it('names the document and its anchor', () => {
    expect(
      formatCitation({ sourceId: 's1', title: 'Returns policy', anchor: 'returns', kind: 'document' }),
    ).toBe('Source: Returns policy (#returns)');
    expect(formatCitation({ sourceId: 's1', title: 'Handbook', anchor: 'page-3', kind: 'document' })).toBe(
      'Source: Handbook (#page-3)',
    );
  });

  it('omits a missing anchor and FAQ entry ids', () => {
    expect(formatCitation({ sourceId: 's1', title: 'Returns policy', kind: 'document' })).toBe(
      'Source: Returns policy',
    );
    expect(
      formatCitation({ sourceId: 'faq', title: 'Help centre FAQ', anchor: 'faq-hours', kind: 'faq' }),
    ).toBe('Source: Help centre FAQ');
    expect(formatCitation({ sourceId: 'x', title: '  ', kind: 'document' })).toBe('Source: Untitled');
  });

  it('names a website page by its title and URL, the section in the fragment', () => {
    expect(
      formatCitation({
        sourceId: 'w',
        title: 'Returns',
        anchor: 'refunds',
        section: 'Refunds',
        kind: 'website',
        url: 'https://help.example.com/returns#refunds',
      }),
    ).toBe('Source: Returns (https://help.example.com/returns#refunds)');
  });
});
