import { type ErrorDetail, formatPath } from '../../shared/errors.ts';

/** How the router hears a phrase: case, spacing and end punctuation make no difference. */
const heard = (phrase: string) =>
  phrase
    .toLowerCase()
    .replace(/[\s]+/g, ' ')
    .replace(/[\s.!?…]+$/u, '')
    .trim();

/**
 * Trigger phrases the router would hear as the same one ("Where is my order?" and "where is my
 * order") are refused, naming the repeat: stored twice they would weigh the phrase double in
 * routing, which the author never meant.
 */
export function duplicateTriggers(triggers: readonly string[]): ErrorDetail[] {
  const first = new Map<string, number>();
  const details: ErrorDetail[] = [];
  triggers.forEach((t, i) => {
    const key = heard(t);
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, i);
    else
      details.push({
        path: formatPath(['triggers', i]),
        message: `Repeats triggers[${earlier}] ("${triggers[earlier]}"); remove one.`,
      });
  });
  return details;
}
