import { processTerm } from './terms.ts';

/**
 * Customers and help centers name the same things differently ("money back" / refund, "swap" /
 * exchange, "guarantee" / warranty). A small support thesaurus closes the most common gaps
 * without an embedding model: multi-word phrases are rewritten before tokenizing, and a query
 * term with synonyms becomes a group `term|syn1|syn2` that matches any of them (the customer's
 * own word fully, a synonym at SYNONYM_QUALITY), so retrieval stays lexical and explainable.
 */
export const SYNONYM_QUALITY = 0.9;

// Folded (lower-case) phrases → the words a help center uses.
const PHRASES: readonly [RegExp, string][] = [
  [/\bmoney back\b/g, 'refund'],
  [/\b(?:send|bring|take|give)(?: (?:it|them|this|that|something|everything|items?))? back\b/g, 'return'],
  [/\bbuy now,? pay later\b|\bpay later\b/g, 'instalments'],
  [/\blog ?(?:in|on)\b/g, 'sign in'],
  [/\bu\.?s\.?a\b|\bamerica\b|\bthe us\b/g, 'united states'],
  [/\bgreat britain\b|\bbritain\b|\bengland\b/g, 'united kingdom'],
  [/\btwo[- ]factor\b|\b2fa\b|\bmfa\b/g, 'two-step verification'],
  [/\bopt ?out\b/g, 'unsubscribe'],
  [/\bprice drops?\b|\bcheaper now\b/g, 'sale price'],
  [/\bon hold\b/g, 'held'],
  [/\bstop (?:sending|getting|receiving)\b/g, 'unsubscribe'],
  [/\btomorrow\b/g, 'next day'],
  [/\b(?:how much|what) is left\b|\bremaining\b/g, 'balance'],
];

// Each line: words that mean the same thing in a customer's question.
const GROUPS = `
refund reimburse reimbursement
exchange swap
warranty guarantee
repair fix mend
store shop branch
parcel package
gift present
cost price fee charge
expire expiry validity valid
defect defective faulty broken
dryer tumble
coupon voucher promo
cheap cheaper
phone call telephone
membership member club loyalty
purchase buy bought
deliver delivery ship shipping shipped arrive arrival
pick collect
backpack rucksack pack daypack
invoice bill
complaint complain unhappy dissatisfied
hours open opening
kids children child
rent rental
book booking reserve reservation
track tracking trace
late delay delayed
data information
accessible wheelchair step-free
clothes clothing apparel
sneakers trainers shoes footwear
unsubscribe newsletter
`;

const groupOf = new Map<string, string[]>();
for (const line of GROUPS.split('\n')) {
  const stems = [
    ...new Set(
      line
        .split(/\s+/)
        .map((w) => processTerm(w))
        .filter((t): t is string => t !== null),
    ),
  ];
  for (const stem of stems) {
    const others = stems.filter((s) => s !== stem);
    groupOf.set(stem, [
      ...(groupOf.get(stem) ?? []),
      ...others.filter((o) => !groupOf.get(stem)?.includes(o)),
    ]);
  }
}

/** The question with known multi-word paraphrases rewritten into the help center's words. */
export function rewritePhrases(question: string): string {
  let text = question.toLowerCase();
  for (const [pattern, replacement] of PHRASES) text = text.replace(pattern, replacement);
  return text;
}

/** Query terms with synonym groups: `swap` → `swap|exchang`. Concepts pass through. */
export function withSynonyms(terms: readonly string[]): string[] {
  const out: string[] = [];
  for (const term of terms) {
    const synonyms = groupOf.get(term)?.filter((s) => !terms.includes(s)) ?? [];
    out.push(synonyms.length > 0 ? [term, ...synonyms].join('|') : term);
  }
  return out;
}

export const alternativesOf = (term: string): string[] => term.split('|');
