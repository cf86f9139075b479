import MiniSearch, { type AsPlainObject, type Options, type SearchOptions } from 'minisearch';
import { z } from 'zod';
import { invalid } from '../shared/errors.ts';
import { type PassageTerms, passageTerms } from './relevance.ts';
import { processTerm, tokenize } from './terms.ts';
import type { KnowledgeSource, Passage, SourceKind } from './types.ts';

/** Bump when indexing changes (fields, term pipeline), so cached indexes are rebuilt. */
export const KNOWLEDGE_INDEX_VERSION = 2;

export interface IndexedPassage extends Passage {
  kind: SourceKind;
}

export interface SerializedKnowledgeIndex {
  version: number;
  passages: IndexedPassage[];
  search: AsPlainObject;
}

export interface Candidate {
  /** Position in `KnowledgeIndex.passages`. */
  position: number;
  /** MiniSearch's BM25 score: only comparable within one query, used to rank and break ties. */
  score: number;
}

interface SearchDoc {
  id: number;
  question: string;
  heading: string;
  title: string;
  text: string;
}

const FIELDS = ['question', 'heading', 'title', 'text'];
// The question of an FAQ entry is what customers paraphrase; headings name a section's topic.
const BOOSTS = { question: 3, heading: 2, title: 1.5, text: 1 };

// Queries are already stemmed by queryTerms(); stemming a stem again is not idempotent.
const identity = (term: string) => term;

/**
 * Customer questions are short, so one typo must not lose the match: an edit distance of 1
 * for words of five letters or more (shorter words would match too much), and prefix matching
 * for four letters or more so stems of one word family meet ("deliv" and "deliveri").
 */
const MATCHING: SearchOptions = {
  processTerm: identity,
  fuzzy: (term) => (term.length >= 5 ? 1 : false),
  prefix: (term) => term.length >= 4,
  combineWith: 'OR',
};

function miniSearchOptions(): Options<SearchDoc> {
  return {
    fields: FIELDS,
    storeFields: [],
    tokenize: (text) => tokenize(text),
    processTerm: (term) => processTerm(term),
    searchOptions: { ...MATCHING, boost: BOOSTS },
  };
}

const passageSchema = z.object({
  kind: z.enum(['faq', 'document', 'website']),
  sourceId: z.string(),
  sourceTitle: z.string(),
  heading: z.string(),
  anchor: z.string(),
  text: z.string(),
  question: z.string().optional(),
  url: z.string().optional(),
});

const serializedSchema = z.object({
  version: z.literal(KNOWLEDGE_INDEX_VERSION),
  passages: z.array(passageSchema),
  search: z.custom<AsPlainObject>((v) => typeof v === 'object' && v !== null && !Array.isArray(v)),
});

/**
 * The searchable knowledge of one agent. Immutable once built: the lead rebuilds it when a
 * source changes and may cache `toJSON()` in the database, restoring it with `load`.
 */
export class KnowledgeIndex {
  readonly passages: readonly IndexedPassage[];
  readonly #search: MiniSearch<SearchDoc>;
  // Derived from passages on demand; not serialised because it is cheap to recompute.
  readonly #terms = new Map<number, PassageTerms>();

  constructor(passages: readonly IndexedPassage[], search: MiniSearch<SearchDoc>) {
    this.passages = passages;
    this.#search = search;
  }

  /** Passages matching any of the (already processed) terms, best first, ties by position. */
  candidates(terms: readonly string[], limit: number): Candidate[] {
    if (terms.length === 0) return [];
    return this.#search
      .search(terms.join(' '))
      .map((r) => ({ position: r.id as number, score: r.score }))
      .sort((a, b) => b.score - a.score || a.position - b.position)
      .slice(0, limit);
  }

  /** Number of passages a processed term matches, with the same typo/prefix tolerance as search. */
  documentFrequency(term: string): number {
    return this.#search.search(term, { ...MATCHING, boost: {} }).length;
  }

  termsOf(position: number): PassageTerms {
    let terms = this.#terms.get(position);
    if (!terms) {
      terms = passageTerms(this.passages[position]!);
      this.#terms.set(position, terms);
    }
    return terms;
  }

  toJSON(): SerializedKnowledgeIndex {
    return { version: KNOWLEDGE_INDEX_VERSION, passages: [...this.passages], search: this.#search.toJSON() };
  }

  /**
   * Restores an index from `toJSON()` output (object or JSON text). Throws AppError 422
   * `invalid_knowledge_index` for data of another version or shape: the caller rebuilds it.
   */
  static load(data: SerializedKnowledgeIndex | string): KnowledgeIndex {
    let raw: unknown = data;
    if (typeof data === 'string') {
      try {
        raw = JSON.parse(data);
      } catch {
        raw = undefined;
      }
    }
    const parsed = serializedSchema.safeParse(raw);
    if (!parsed.success || parsed.data.search.documentCount !== parsed.data.passages.length) {
      throw invalid(
        'The knowledge index data is not valid for this version; rebuild it.',
        [],
        'invalid_knowledge_index',
      );
    }
    return new KnowledgeIndex(
      parsed.data.passages,
      MiniSearch.loadJS(parsed.data.search, miniSearchOptions()),
    );
  }
}

/**
 * Indexes every passage of every source. The source's id, title and kind win over what a
 * passage carries, so a renamed source is cited by its current title; a website page keeps its
 * own title and URL (the source's title names the site). Deterministic: the same sources in the
 * same order give the same index.
 */
export function buildKnowledgeIndex(sources: readonly KnowledgeSource[]): KnowledgeIndex {
  const seen = new Set<string>();
  sources.forEach((source, i) => {
    if (seen.has(source.id)) {
      throw invalid('Source ids must be unique.', [
        { path: `sources[${i}].id`, message: 'Duplicate source id.' },
      ]);
    }
    seen.add(source.id);
  });
  const passages: IndexedPassage[] = [];
  for (const source of sources) {
    for (const p of source.passages) {
      if (p.text.trim() === '') continue;
      const passage: IndexedPassage = {
        kind: source.kind,
        sourceId: source.id,
        sourceTitle: source.kind === 'website' && p.sourceTitle ? p.sourceTitle : source.title,
        heading: p.heading,
        anchor: p.anchor,
        text: p.text,
      };
      if (p.question !== undefined) passage.question = p.question;
      if (p.url !== undefined) passage.url = p.url;
      passages.push(passage);
    }
  }
  const search = new MiniSearch<SearchDoc>(miniSearchOptions());
  search.addAll(
    passages.map((p, id) => ({
      id,
      question: p.question ?? '',
      heading: p.heading,
      title: p.sourceTitle,
      text: p.text,
    })),
  );
  return new KnowledgeIndex(passages, search);
}
