/**
 * Question-type concepts. "How long do I have to return an item?" shares its content words with
 * "How to return an item"; only the question type tells that a duration is wanted. A concept is
 * a pseudo query term (prefixed '#', which the tokenizer never produces) that matches any of a
 * small set of stems, so passages that state a duration or a price rank above passages that
 * merely mention the topic, and the extracted sentence is the one with the number in it.
 */
const words = (list: string): ReadonlySet<string> => new Set(list.split(/\s+/).filter((w) => w !== ''));

// Porter stems: "days" → dai, "minutes" → minut, "charges" → charg.
const CONCEPT_STEMS: Record<string, ReadonlySet<string>> = {
  '#time': words(`minut hour dai week weekend weekdai month year night date time
    mondai tuesdai wednesdai thursdai fridai saturdai sundai`),
  '#price': words('price cost fee charg free euro eur dollar usd pound gbp'),
};

export const isConcept = (term: string): boolean => term.startsWith('#');

export function conceptStems(concept: string): ReadonlySet<string> {
  return CONCEPT_STEMS[concept] ?? new Set();
}

/** Concepts a question asks for, from its folded words ("how long", "when …", "how much"). */
export function questionConcepts(words: readonly string[]): string[] {
  const out: string[] = [];
  const add = (c: string) => {
    if (!out.includes(c)) out.push(c);
  };
  words.forEach((word, i) => {
    const next = words[i + 1];
    if (word === 'how' && (next === 'long' || next === 'soon')) add('#time');
    if (word === 'what' && next === 'time') add('#time');
    // Only a leading "when" asks for a time; "what happens when …" does not.
    if (word === 'when' && i === 0) add('#time');
    if (word === 'how' && next === 'much') add('#price');
  });
  return out;
}
