import { humanizeName, inputLabel } from '../../../actions/definition/labels.ts';
import type { InputDefinition } from '../../../actions/definition/schema.ts';
import { textOf } from '../../../actions/runner/render.ts';
import { renderResponseTemplate } from '../../../actions/runner/response-template.ts';
import type { KnowledgeAnswer } from '../../../knowledge/types.ts';
import type { CatalogSkill } from '../../catalog.ts';
import { type Reply, type ReplyPart, reply, text } from '../replies.ts';
import type { Wording } from './en.ts';

/** Replies built from the wording table and the skill's own definition (B2, C2, C4). */

/** An output's name as words, the way input names are (`qty` → "quantity"). */
export const humanize = humanizeName;

export const display = (v: unknown) => (Array.isArray(v) ? v.map(textOf).join(', ') : textOf(v));

export const maskEmail = (email: string) => email.replace(/^(.).*(@.*)$/, '$1***$2');

/** Asks for one input, using its instructions (B2: "how to ask for it and the expected format"). */
export function askFor(w: Wording, input: InputDefinition): string {
  const instructions = input.instructions.trim();
  if (instructions.endsWith('?')) return instructions;
  return w.whatIsYour(inputLabel(input), instructions.replace(/\.$/, '') || undefined);
}

export function summarize(w: Wording, values: Record<string, unknown>, inputs: readonly InputDefinition[]) {
  const shown = inputs.filter((i) => values[i.name] !== undefined && i.source === 'customer');
  return shown.map((i) => w.detail(inputLabel(i), display(values[i.name]))).join(', ');
}

export const correctedNote = (w: Wording, input: InputDefinition, value: unknown) =>
  w.corrected(inputLabel(input), display(value));

export function yesNo(w: Wording, prompt: string, inline?: string): ReplyPart {
  return {
    type: 'choices',
    kind: 'yes_no',
    prompt,
    options: [
      { value: w.yes, label: w.yesLabel },
      { value: w.no, label: w.noLabel },
    ],
    inline: inline ?? w.yesNoInline(prompt, w.yes, w.no),
  };
}

/** "To confirm: I'm about to … Shall I go ahead? (yes / no)" (C4: an explicit yes before a write). */
export function confirmReply(w: Wording, skill: CatalogSkill, values: Record<string, unknown>): Reply {
  const intro = w.confirmIntro(whatItDoes(skill), summarize(w, values, skill.inputs));
  return reply(text(intro), yesNo(w, w.confirmPrompt));
}

/** Verbs an action's name may start with, making the name itself say what the action does. */
const VERBS = new Set(
  (
    'add apply book buy cancel change check close confirm create delete disable downgrade enable ' +
    'extend find get issue list lock look open pause pay place refund register remove renew ' +
    'reopen report request reschedule resend reset resume return schedule search send set ' +
    'ship show start stop submit subscribe suspend track transfer unlock unsubscribe update ' +
    'upgrade verify'
  ).split(' '),
);

/**
 * What a write does, in words that fit "I'm about to …": its name when the name is a verb
 * phrase ("Refund an order"), else its description ("Echo the typed values back"), so a
 * customer never reads "I'm about to typed echo".
 */
export function whatItDoes(skill: Pick<CatalogSkill, 'name' | 'description'>): string {
  const first = (s: string) => s.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  if (VERBS.has(first(skill.name)) || first(skill.name) === first(skill.description))
    return skill.name.trim().toLowerCase();
  const d = skill.description.trim().replace(/[.!]+$/, '');
  // Keep an acronym's case ("SMS the…"); lower only a capitalised first word.
  return /^[A-Z][a-z]/.test(d) ? d[0]!.toLowerCase() + d.slice(1) : d;
}

/** "Sorry, I can't help with that. Would you like me to connect you with a person?" */
export const cantHelpReply = (w: Wording): Reply =>
  reply(text(w.cantHelp), yesNo(w, w.offerPerson, w.offerPerson));

export function clarifyReply(w: Wording, options: Pick<CatalogSkill, 'key' | 'name'>[]): Reply {
  return reply({
    type: 'choices',
    kind: 'options',
    prompt: w.clarifyPrompt,
    options: options.map((o) => ({ value: o.key, label: o.name })),
    inline: w.clarifyInline(options.map((o) => o.name)),
  });
}

/** A knowledge answer with its source as a footnote (C5: every content answer cites its source). */
export function knowledgeReply(w: Wording, found: KnowledgeAnswer): Reply {
  const c = found.citation;
  const title = c.title.trim() || w.untitled;
  if (c.kind === 'website' && c.url) {
    // A web page is cited by its address, which a customer can open.
    const part: ReplyPart = {
      type: 'citation',
      title,
      url: c.url,
      sourceId: c.sourceId,
      text: w.sourceLink(title, c.url),
    };
    return reply(text(found.answer), c.section ? { ...part, section: c.section } : part);
  }
  // FAQ anchors are entry ids, meaningful to the API but not to a customer: they are left out.
  const section = c.kind === 'document' ? c.anchor?.trim() || undefined : undefined;
  return reply(text(found.answer), {
    type: 'citation',
    title,
    sourceId: c.sourceId,
    ...(section ? { section } : {}),
    text: w.source(title, section),
  });
}

/** The answer after a successful run: the response template, or the mapped outputs listed. */
export function successText(
  w: Wording,
  skill: CatalogSkill,
  values: Record<string, unknown>,
  outputs: Record<string, unknown>,
): string {
  if (skill.responseTemplate)
    return renderResponseTemplate(skill.responseTemplate, { ...values, ...outputs }).trim();
  const entries = Object.entries(outputs).filter(([, v]) => v !== undefined && v !== null && v !== '');
  if (entries.length === 0) return skill.kind === 'write' ? w.done : w.nothingToReport;
  return w.found(entries.map(([k, v]) => w.detail(humanize(k), display(v))));
}
