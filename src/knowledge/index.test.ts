import { describe, expect, it } from 'vitest';
import { corpusSources } from '../../test/support/knowledge-corpus.ts';
import { AppError } from '../shared/errors.ts';
import { buildKnowledgeIndex, KNOWLEDGE_INDEX_VERSION, KnowledgeIndex } from './index.ts';
import { answer } from './retrieve.ts';

const QUESTIONS = [
  'What is your return policy?',
  'How long do I have to return an item?',
  'Do you sell gift cards?',
  'retrun polcy',
  'where is my order?',
  'How much is express delivery?',
];

describe('buildKnowledgeIndex', () => {
  it('indexes every non-empty passage with its source kind, id and current title', () => {
    const index = buildKnowledgeIndex([
      {
        id: 's1',
        kind: 'document',
        title: 'Renamed guide',
        passages: [
          { sourceId: 'old', sourceTitle: 'Old title', heading: 'A', anchor: 'a', text: 'Alpha text.' },
          { sourceId: 'old', sourceTitle: 'Old title', heading: 'B', anchor: 'b', text: '  ' },
        ],
      },
      {
        id: 'f1',
        kind: 'faq',
        title: 'FAQ',
        passages: [
          { sourceId: 'f1', sourceTitle: 'FAQ', heading: '', anchor: 'q1', question: 'Q?', text: 'A.' },
        ],
      },
    ]);
    expect(index.passages).toEqual([
      {
        kind: 'document',
        sourceId: 's1',
        sourceTitle: 'Renamed guide',
        heading: 'A',
        anchor: 'a',
        text: 'Alpha text.',
      },
      {
        kind: 'faq',
        sourceId: 'f1',
        sourceTitle: 'FAQ',
        heading: '',
        anchor: 'q1',
        text: 'A.',
        question: 'Q?',
      },
    ]);
  });

  it('rejects duplicate source ids with 422', () => {
    const source = { id: 'x', kind: 'faq' as const, title: 'FAQ', passages: [] };
    expect(() => buildKnowledgeIndex([source, source])).toThrow(
      expect.objectContaining({
        kind: 'invalid',
        details: [{ path: 'sources[1].id', message: 'Duplicate source id.' }],
      }),
    );
  });
});

describe('KnowledgeIndex serialisation', () => {
  it('round-trips through JSON text and gives the same answers', async () => {
    const index = buildKnowledgeIndex(await corpusSources());
    const json = JSON.stringify(index);
    const parsed = JSON.parse(json);
    expect(parsed.version).toBe(KNOWLEDGE_INDEX_VERSION);
    const fromText = KnowledgeIndex.load(json);
    const fromObject = KnowledgeIndex.load(parsed);
    expect(fromText.passages).toEqual(index.passages);
    // A restored index serialises again (the radix tree's term order may differ; answers do not).
    expect(KnowledgeIndex.load(JSON.stringify(fromText)).passages).toEqual(index.passages);
    for (const q of QUESTIONS) {
      expect(answer(fromText, q)).toEqual(answer(index, q));
      expect(answer(fromObject, q)).toEqual(answer(index, q));
    }
  });

  it('refuses data of another version or shape so the caller rebuilds', async () => {
    const serialised = buildKnowledgeIndex(await corpusSources()).toJSON();
    const bad = [
      'not json',
      JSON.stringify({ ...serialised, version: KNOWLEDGE_INDEX_VERSION + 1 }),
      { ...serialised, passages: serialised.passages.slice(1) },
      { ...serialised, search: null },
    ];
    for (const data of bad) {
      let error: unknown;
      try {
        KnowledgeIndex.load(data as never);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ kind: 'invalid', code: 'invalid_knowledge_index' });
    }
  });
});
