import { describe, expect, it } from 'vitest';
import { RETURNS_MARKDOWN } from '../../../test/support/knowledge-corpus.ts';
import { parseMarkdown } from './markdown.ts';

describe('parseMarkdown', () => {
  it('splits at headings, takes the front-matter title and explicit anchors', () => {
    const doc = parseMarkdown(RETURNS_MARKDOWN);
    expect(doc.title).toBe('Returns policy');
    expect(doc.sections.map((s) => [s.heading, s.anchor])).toEqual([
      ['', ''],
      ['Return window', 'returns'],
      ['How to return an item', 'how-to-return-an-item'],
      ['Refunds', 'refunds'],
      ['Exchanges', 'exchanges'],
    ]);
    expect(doc.sections[1]!.text).toBe(
      'You have 30 days from delivery to return an item for a full refund. Items must be unused, in ' +
        'their original packaging, with tags attached. Sale items can be returned within 14 days.',
    );
    expect(doc.sections[2]!.text).toBe(
      'To start a return:\nSign in and open your order history.\n' +
        'Choose the item and print the prepaid return label.\nDrop the parcel at any post office.',
    );
  });

  it('strips inline markup but keeps the words', () => {
    const doc = parseMarkdown(
      [
        '# Guide',
        '',
        'See **bold**, *em*, _under_, ~~old~~, `code`, [the docs](https://x.test/a_(b)) and ![a logo](l.png).',
        'Keep snake_case and 2 * 3 * 4, escaped \\*stars\\* and &amp; entities. <span>Inline</span> html.',
        '',
        '[ref]: https://x.test',
        '> Quoted [link][ref] text.',
        '- [x] done item',
        '* second item',
        '',
        '---',
        '#### Minor heading',
        'Tail.<!-- hidden -->',
      ].join('\n'),
    );
    expect(doc.title).toBe('Guide');
    expect(doc.sections).toHaveLength(1);
    expect(doc.sections[0]!.text).toBe(
      [
        'See bold, em, under, old, code, the docs and a logo. Keep snake_case and 2 * 3 * 4, escaped *stars* and & ' +
          'entities. Inline html.',
        'Quoted link text.',
        'done item',
        'second item',
        'Minor heading',
        'Tail.',
      ].join('\n'),
    );
  });

  it('reads setext headings, tables and code fences, and deduplicates anchors', () => {
    const doc = parseMarkdown(
      [
        'Sizes',
        '=====',
        '| Size | Chest |',
        '|------|------:|',
        '| S | 90 cm |',
        '',
        'Notes',
        '-----',
        '```',
        '# not a heading',
        '```',
        '## Notes',
        'Second notes.',
      ].join('\n'),
    );
    expect(doc.title).toBe('Sizes');
    expect(doc.sections).toEqual([
      { heading: 'Sizes', anchor: 'sizes', text: 'Size | Chest\nS | 90 cm' },
      { heading: 'Notes', anchor: 'notes', text: '# not a heading' },
      { heading: 'Notes', anchor: 'notes-1', text: 'Second notes.' },
    ]);
  });

  it('does not read a rule under a list item as a heading', () => {
    expect(parseMarkdown('- one\n- two\n---\nAfter.').sections).toEqual([
      { heading: '', anchor: '', text: 'one\ntwo\nAfter.' },
    ]);
  });

  it('reads pipe tables without outer pipes', () => {
    const doc = parseMarkdown('Item | Window\n--- | ---\nShoes | 30 days\n\nAfter.');
    expect(doc.sections[0]!.text).toBe('Item | Window\nShoes | 30 days\nAfter.');
  });
});
