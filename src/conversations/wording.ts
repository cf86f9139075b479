import type { InputDefinition } from '../actions/definition/schema.ts';
import { textOf } from '../actions/runner/render.ts';
import { renderResponseTemplate } from '../actions/runner/response-template.ts';
import type { CatalogSkill } from './catalog.ts';

/** The built-in engine's sentences, in one place so they read consistently. */

export const humanize = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();

/** Asks for one input, using its instructions (B2: "how to ask for it and the expected format"). */
export function askFor(input: InputDefinition): string {
  const text = input.instructions.trim();
  if (text.endsWith('?')) return text;
  const q = `What is your ${humanize(input.name)}?`;
  return text ? `${q} (${text.replace(/\.$/, '')})` : q;
}

export function summarize(values: Record<string, unknown>, inputs: readonly InputDefinition[]): string {
  const shown = inputs.filter((i) => values[i.name] !== undefined && i.source === 'customer');
  return shown.map((i) => `${humanize(i.name)}: ${display(values[i.name])}`).join(', ');
}

const display = (v: unknown) => (Array.isArray(v) ? v.map(textOf).join(', ') : textOf(v));

export const correctedNote = (input: InputDefinition, value: unknown) =>
  `OK, I've changed the ${humanize(input.name)} to ${display(value)}.`;

export function confirmQuestion(skill: CatalogSkill, values: Record<string, unknown>): string {
  const details = summarize(values, skill.inputs);
  return `To confirm: I'm about to ${skill.name.toLowerCase()}${details ? ` (${details})` : ''}. Shall I go ahead? (yes / no)`;
}

/** The answer after a successful run: the response template, or the mapped outputs listed. */
export function successReply(
  skill: CatalogSkill,
  values: Record<string, unknown>,
  outputs: Record<string, unknown>,
): string {
  if (skill.responseTemplate)
    return renderResponseTemplate(skill.responseTemplate, { ...values, ...outputs }).trim();
  const entries = Object.entries(outputs).filter(([, v]) => v !== undefined && v !== null && v !== '');
  if (entries.length === 0)
    return skill.kind === 'write' ? 'Done.' : "I checked, but there's nothing to report.";
  return `Here's what I found: ${entries.map(([k, v]) => `${humanize(k)}: ${display(v)}`).join('; ')}.`;
}

export const maskEmail = (email: string) => email.replace(/^(.).*(@.*)$/, '$1***$2');

export const SAY = {
  cantHelp: "Sorry, I can't help with that. Would you like me to connect you with a person?",
  anythingElse: 'Is there anything else I can help with?',
  cancelled: "OK, I've cancelled that. Is there anything else I can help with?",
  notDone: "OK, I won't do that. Is there anything else I can help with?",
  startOver: "Sure, let's start over. How can I help?",
  yesOrNo: 'Please answer yes or no.',
  handoff: "I'm connecting you with a person from our team. They'll see our conversation so far.",
  handoffAfterInvalid:
    "I'm having trouble with that answer, so I'm connecting you with a person from our team who can help.",
  handoffAfterFailure:
    "Sorry, that didn't work on our side. I'm connecting you with a person from our team who can help.",
  uncertain:
    "I started that request earlier but couldn't confirm it finished, so I won't repeat it. I'm connecting you with a person to check.",
  askEmailForCode:
    'For your security I need to verify your identity first. What is the email address on your account?',
  codeSent: (email: string) =>
    `For your security I need to verify your identity first. I've sent a 6-digit code to ${maskEmail(email)} — please type it here.`,
  codeWrong: "That code doesn't match. Please check the email and try again.",
  codeExpired: 'That code has expired. I have sent you a new one.',
  verified: 'Thanks, you are verified.',
  cantVerify:
    "I can't verify your identity in this conversation, so I'll connect you with a person who can help.",
  notFound: "I couldn't find anything for those details.",
};
