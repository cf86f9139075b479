/** A sentence of a section, and whether a block (paragraph, list item) ends with it. */
export interface Sentence {
  text: string;
  words: number;
  blockEnd: boolean;
}

// Lower-case forms, without the final period, of abbreviations a period does not end.
const ABBREVIATIONS = new Set(
  `e.g i.e etc vs approx apt dept est fig inc ltd co corp no nos st mr mrs ms dr prof sr jr
  jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun min max incl excl ref tel`
    .split(/\s+/)
    .filter((w) => w !== ''),
);

// A terminal mark, optional closing quotes/brackets, whitespace, and the start of the next sentence.
const BOUNDARY = /[.!?…]+["'”’)\]]*\s+(?=["'“‘([]?[\p{Lu}\p{N}•\-–—*])/gu;

export function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}

function endsWithAbbreviation(before: string): boolean {
  const word = /(\S+)[.]+$/.exec(before)?.[1]?.toLowerCase() ?? '';
  if (word === '') return false;
  // Initials and dotted acronyms ("J.", "U.S.") rarely end a sentence in support content.
  if (/^(\p{L}\.)*\p{L}$/u.test(word)) return true;
  return ABBREVIATIONS.has(word.replace(/^["'“‘([]+/u, ''));
}

/** Sentences of one block (a paragraph or list item), whitespace collapsed. */
export function splitBlock(block: string): string[] {
  const text = block.replace(/\s+/g, ' ').trim();
  if (text === '') return [];
  const out: string[] = [];
  let start = 0;
  for (const m of text.matchAll(BOUNDARY)) {
    const end = m.index + m[0].trimEnd().length;
    const candidate = text.slice(start, end);
    if (/[.]$/.test(m[0].trimEnd()) && endsWithAbbreviation(candidate)) continue;
    out.push(candidate.trim());
    start = m.index + m[0].length;
  }
  const rest = text.slice(start).trim();
  if (rest !== '') out.push(rest);
  return out;
}

/** Sentences of a section's text; '\n' separates blocks and always ends a sentence. */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  for (const block of text.split('\n')) {
    const parts = splitBlock(block);
    parts.forEach((part, i) => {
      out.push({ text: part, words: countWords(part), blockEnd: i === parts.length - 1 });
    });
  }
  return out;
}

/** Joins sentences back into text, keeping block breaks. */
export function joinSentences(sentences: readonly Sentence[]): string {
  let out = '';
  sentences.forEach((s, i) => {
    if (i > 0) out += sentences[i - 1]!.blockEnd ? '\n' : ' ';
    out += s.text;
  });
  return out;
}
