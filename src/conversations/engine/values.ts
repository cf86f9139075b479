import type { InputDefinition } from '../../actions/definition/schema.ts';
import { checkValue } from '../../actions/definition/values.ts';
import { extractValue, type ValueSpec } from '../../understanding/extract/index.ts';
import type { CatalogSkill } from '../catalog.ts';
import type { EnginePorts } from './ports.ts';

/** Input values from the customer's words and from the conversation (B2, C4). */

export function specOf(input: InputDefinition): ValueSpec {
  const type = input.type === 'array' ? (input.items ?? 'string') : input.type;
  return {
    type,
    ...(input.type === 'array' ? { array: true } : {}),
    ...(input.format ? { format: input.format } : {}),
    ...(input.enum ? { enum: input.enum.map(String) } : {}),
    ...(input.pattern ? { pattern: input.pattern } : {}),
  };
}

/** Enums may list numbers or booleans; extraction works on text, so map back to the declared value. */
function declaredValue(input: InputDefinition, value: unknown): unknown {
  if (!input.enum) return value;
  const back = (v: unknown) => input.enum!.find((e) => String(e) === String(v)) ?? v;
  return Array.isArray(value) ? value.map(back) : back(value);
}

export type Parsed = { ok: true; value: unknown } | { ok: false; reason: string };

/** Parses an answer for one input into its type and checks it strictly (B2). */
export function parseAnswer(
  input: InputDefinition,
  text: string,
  ports: Pick<EnginePorts, 'extract'>,
  invalidValue = 'That value is not valid.',
): Parsed {
  const found = extractValue(text, specOf(input), ports.extract);
  if (!found.ok) return found;
  const value = declaredValue(input, found.value);
  const checked = checkValue(input, value, [input.name]);
  if ('details' in checked) return { ok: false, reason: checked.details[0]?.message ?? invalidValue };
  return { ok: true, value: checked.value };
}

/** Values a skill takes from the conversation rather than the customer (`source: context`). */
export function contextValues(skill: CatalogSkill, ports: EnginePorts): Record<string, unknown> {
  const ctx: Record<string, unknown> = {
    'contact.email': ports.contact.email ?? undefined,
    'contact.phone': ports.contact.phone ?? undefined,
    'contact.name': ports.contact.name ?? undefined,
    'conversation.id': ports.conversationId,
  };
  const out: Record<string, unknown> = {};
  for (const i of skill.inputs) {
    if (i.source === 'context' && i.contextField && ctx[i.contextField] !== undefined)
      out[i.name] = ctx[i.contextField];
  }
  return out;
}

/** Inputs worth taking from the first message: ones whose shape makes a false match unlikely. */
export const distinctive = (i: InputDefinition) =>
  i.source === 'customer' &&
  (i.pattern !== undefined ||
    i.format !== undefined ||
    i.enum !== undefined ||
    i.type === 'date' ||
    i.type === 'datetime');

/** The values a request already carries: context values, and distinctive inputs found in the text. */
export function prefill(skill: CatalogSkill, text: string, ports: EnginePorts): Record<string, unknown> {
  const values = contextValues(skill, ports);
  for (const input of skill.inputs.filter(distinctive)) {
    const got = parseAnswer(input, text, ports);
    if (got.ok) values[input.name] = got.value;
  }
  return values;
}

export const missingInput = (skill: CatalogSkill, values: Record<string, unknown>) =>
  skill.inputs.find((i) => i.required && i.default === undefined && values[i.name] === undefined);
