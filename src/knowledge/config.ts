import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.ts';
import { parseDocument } from './parse/document.ts';
import { addDocument, addFaq, deleteSource, listSources } from './store.ts';
import type { ParsedSection } from './types.ts';

/**
 * An agent's content sources as configuration (A5): FAQ entries as they were written, documents as
 * Markdown rebuilt from their stored sections (the original file is not kept), with explicit
 * `{#anchor}`s so citations survive a round trip. The fields are the API's request bodies.
 */
export interface FaqSpec {
  question: string;
  answer: string;
}
export interface DocumentSpec {
  title?: string | undefined;
  filename?: string | undefined;
  contentType: string;
  content?: string | undefined;
  contentBase64?: string | undefined;
}
export type KnowledgeOutcome = 'created' | 'updated' | 'unchanged';

/** The agent's sources in the order they were added, ready for a config file. */
export async function exportKnowledge(
  db: Kysely<DB>,
  accountId: string,
  agentId: string,
): Promise<Array<{ kind: 'Faq'; spec: FaqSpec } | { kind: 'Document'; spec: DocumentSpec }>> {
  const out: Array<{ kind: 'Faq'; spec: FaqSpec } | { kind: 'Document'; spec: DocumentSpec }> = [];
  for (const s of await listSources(db, accountId, agentId)) {
    if (s.kind === 'faq') out.push({ kind: 'Faq', spec: { question: s.question!, answer: s.answer! } });
    else {
      const sections = await storedSections(db, accountId, s.id);
      out.push({
        kind: 'Document',
        spec: {
          title: s.title,
          ...(s.filename ? { filename: markdownName(s.filename) } : {}),
          contentType: 'text/markdown',
          content: toMarkdown(sections),
        },
      });
    }
  }
  return out;
}

/** Adds or replaces one FAQ entry, known by its question. */
export async function applyFaq(
  db: Kysely<DB>,
  accountId: string,
  agentId: string,
  faq: FaqSpec,
): Promise<KnowledgeOutcome> {
  const question = faq.question.trim();
  const answer = faq.answer.trim();
  const existing = (await listSources(db, accountId, agentId)).filter(
    (s) => s.kind === 'faq' && s.question === question,
  );
  if (existing.length === 1 && existing[0]!.answer === answer) return 'unchanged';
  for (const s of existing) await deleteSource(db, accountId, agentId, s.id);
  await addFaq(db, accountId, agentId, { question, answer });
  return existing.length > 0 ? 'updated' : 'created';
}

/** Adds or replaces one document, known by its title; unchanged when it parses to the same sections. */
export async function applyDocument(
  db: Kysely<DB>,
  accountId: string,
  agentId: string,
  doc: DocumentSpec & { data: Uint8Array | string },
): Promise<{ title: string; result: KnowledgeOutcome }> {
  const parsed = await parseDocument({
    contentType: doc.contentType,
    data: doc.data,
    ...(doc.filename ? { filename: doc.filename } : {}),
  });
  const title = doc.title?.trim() || parsed.title;
  const existing = (await listSources(db, accountId, agentId)).filter(
    (s) => s.kind === 'document' && s.title === title,
  );
  if (existing.length === 1) {
    const stored = await storedSections(db, accountId, existing[0]!.id);
    if (JSON.stringify(stored) === JSON.stringify(parsed.sections)) return { title, result: 'unchanged' };
  }
  for (const s of existing) await deleteSource(db, accountId, agentId, s.id);
  await addDocument(db, accountId, agentId, {
    title,
    filename: doc.filename,
    contentType: doc.contentType,
    data: doc.data,
  });
  return { title, result: existing.length > 0 ? 'updated' : 'created' };
}

async function storedSections(db: Kysely<DB>, accountId: string, id: string): Promise<ParsedSection[]> {
  const row = await db
    .selectFrom('knowledge_sources')
    .select('content')
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return ((row.content as { sections?: ParsedSection[] }).sections ?? []).map((s) => ({
    heading: s.heading,
    anchor: s.anchor,
    text: s.text,
  }));
}

/** "guide.pdf" → "guide.md": the exported content is Markdown whatever the upload was. */
function markdownName(filename: string): string {
  return `${filename.replace(/\.[^./\\]*$/, '')}.md`;
}

// Characters Markdown would read as markup; escaped, they come back as themselves.
const escapeInline = (s: string) => s.replace(/[\\`*_[\]<>#|~!&]/g, (c) => `\\${c}`);
const escapeBlock = (line: string) =>
  escapeInline(line)
    .replace(/^([-+=])/, '\\$1')
    .replace(/^(\d{1,9})([.)])/, '$1\\$2');

/** Sections as Markdown that parses back to the same sections. */
export function toMarkdown(sections: readonly ParsedSection[]): string {
  const parts: string[] = [];
  for (const s of sections) {
    if (s.heading !== '') parts.push(`## ${escapeInline(s.heading)}${s.anchor ? ` {#${s.anchor}}` : ''}`);
    for (const block of s.text.split('\n')) parts.push(escapeBlock(block));
  }
  return `${parts.join('\n\n')}\n`;
}
