/** Plain data shared by parsing, chunking, indexing and retrieval (spec §C5). */

export interface ParsedSection {
  /** '' for text before the first heading. */
  heading: string;
  /** Fragment to cite, e.g. `returns` or `page-3`; '' when the section has none. */
  anchor: string;
  /** Plain text; '\n' separates blocks (paragraphs, list items), never a mid-sentence wrap. */
  text: string;
}

export interface ParsedDocument {
  title: string;
  sections: ParsedSection[];
}

export type SourceKind = 'faq' | 'document' | 'website';

/** The unit that is indexed and cited. */
export interface Passage {
  sourceId: string;
  sourceTitle: string;
  heading: string;
  anchor: string;
  text: string;
  /** FAQ entries only: the question, indexed with the highest weight. */
  question?: string;
  /** Website pages only: the page's URL (without fragment); the passage's title is the page's. */
  url?: string;
}

export interface KnowledgeSource {
  id: string;
  kind: SourceKind;
  title: string;
  passages: Passage[];
}

export interface FaqEntry {
  id: string;
  question: string;
  answer: string;
}

export interface Citation {
  sourceId: string;
  title: string;
  anchor?: string;
  kind: SourceKind;
  /** Website pages: the page URL, with the section's fragment when it has one. */
  url?: string;
  /** The heading of the cited section, when it has one. */
  section?: string;
}

export interface KnowledgeAnswer {
  answer: string;
  citation: Citation;
  /** Normalised relevance in [0, 1]: the share of the question's weight the passage covers. */
  score: number;
  confidence: 'high' | 'low';
}
