import { describe, expect, it } from 'vitest';
import { countWords, joinSentences, splitBlock, splitSentences } from './sentences.ts';

describe('splitBlock', () => {
  it('splits at sentence ends followed by a capital or digit', () => {
    expect(splitBlock('You have 30 days. Items must be unused! Questions? 24 hours a day.')).toEqual([
      'You have 30 days.',
      'Items must be unused!',
      'Questions?',
      '24 hours a day.',
    ]);
  });

  it('does not split after abbreviations, initials, decimals or before lower case', () => {
    expect(splitBlock('Bring an ID, e.g. a passport. We ship to the U.S. Mainland too.')).toEqual([
      'Bring an ID, e.g. a passport.',
      'We ship to the U.S. Mainland too.',
    ]);
    expect(splitBlock('It costs 3.50 EUR. Call Dr. Smith on Mon. Or Tue.')).toEqual([
      'It costs 3.50 EUR.',
      'Call Dr. Smith on Mon. Or Tue.',
    ]);
    expect(splitBlock('Wait... then continue.')).toEqual(['Wait... then continue.']);
  });

  it('keeps closing quotes and brackets with their sentence', () => {
    expect(splitBlock('He said "yes." Then (it was late.) Done.')).toEqual([
      'He said "yes."',
      'Then (it was late.)',
      'Done.',
    ]);
  });
});

describe('splitSentences', () => {
  it('treats every line as a block end and rejoins with the same breaks', () => {
    const text = 'To return an item:\nPack it. Print the label.\nDrop it off';
    const sentences = splitSentences(text);
    expect(sentences.map((s) => [s.text, s.blockEnd])).toEqual([
      ['To return an item:', true],
      ['Pack it.', false],
      ['Print the label.', true],
      ['Drop it off', true],
    ]);
    expect(joinSentences(sentences)).toBe(text);
  });

  it('counts words', () => {
    expect(countWords('  one two\nthree ')).toBe(3);
    expect(countWords('   ')).toBe(0);
  });
});
