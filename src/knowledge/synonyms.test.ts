import { describe, expect, it } from 'vitest';
import { matchQuality } from './relevance.ts';
import { rewritePhrases, SYNONYM_QUALITY, withSynonyms } from './synonyms.ts';
import { queryTerms } from './terms.ts';

describe('support synonyms', () => {
  it('rewrites multi-word paraphrases into the words help centers use', () => {
    expect(rewritePhrases('When do I get my MONEY BACK?')).toBe('when do i get my refund?');
    expect(rewritePhrases('how do I send it back')).toBe('how do i return');
    expect(rewritePhrases('can I order from the USA')).toBe('can i order from the united states');
  });

  it('groups a term with its synonyms, the own word first, skipping synonyms already asked for', () => {
    expect(withSynonyms(queryTerms('can I swap my boots'))).toEqual(['swap|exchang', 'boot']);
    expect(withSynonyms(['swap', 'exchang'])).toEqual(['swap', 'exchang']);
    expect(withSynonyms(['#time'])).toEqual(['#time']);
  });

  it('matches the own word fully and a synonym slightly less', () => {
    expect(matchQuality('swap|exchang', new Set(['swap']))).toBe(1);
    expect(matchQuality('swap|exchang', new Set(['exchang']))).toBe(SYNONYM_QUALITY);
    expect(matchQuality('swap|exchang', new Set(['size']))).toBe(0);
  });
});
