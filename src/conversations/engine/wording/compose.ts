import type { InputDefinition } from '../../../actions/definition/schema.ts';
import { textOf } from '../../../actions/runner/render.ts';
import { renderResponseTemplate } from '../../../actions/runner/response-template.ts';
import type { KnowledgeAnswer } from '../../../knowledge/types.ts';
import type { CatalogSkill } from '../../catalog.ts';
import { type Reply, type ReplyPart, reply, text } from '../replies.ts';
import type { Wording } from './en.ts';

/** Replies built from the wording table and the skill's own definition (B2, C2, C4). */

export const humanize = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();

export const display = (v: unknown) => (Array.isArray(v) ? v.map(textOf).join(', ') : textOf(v));

export const maskEmail = (email: string) => email.replace(/^(.).*(@.*)$/, '$1***$2');

/** Asks for one input, using its instructions (B2: "how to ask for it and the expected format"). */
export function askFor(w: Wording, input: InputDefinition): string {
  const instructions = input.instructions.trim();
  if (instructions.endsWith('?')) return instructions;
  return w.whatIsYour(humanize(input.name), instructions.replace(/\.$/, '') || undefined);
}

export function summarize(w: Wording, values: Record<string, unknown>, inputs: readonly InputDefinition[]) {
  const shown = inputs.filter((i) => values[i.name] !== undefined && i.source === 'customer');
  return shown.map((i) => w.detail(humanize(i.name), display(values[i.name]))).join(', ');
}

export const correctedNote = (w: Wording, input: InputDefinition, value: unknown) =>
  w.corrected(humanize(input.name), display(value));

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
  const intro = w.confirmIntro(skill.name.toLowerCase(), summarize(w, values, skill.inputs));
  return reply(text(intro), yesNo(w, w.confirmPrompt));
}

/** "Sorry, I can't help with that. Would you like me to connect you with a person?" */
export const cantHelpReply = (w: Wording): Reply =>
  reply(text(w.cantHelp), yesNo(w, w.offerPerson, w.offerPerson));

export function clarifyReply(w: Wording, options: CatalogSkill[]): Reply {
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
