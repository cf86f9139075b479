import { parseOrThrow } from '../../actions/definition/issues.ts';
import type { InputDefinition } from '../../actions/definition/schema.ts';
import type { SkillDefinition } from '../../actions/kinds/registry.ts';
import { type Binding, type BindingInput, bindingKind, bindingSchema } from './bindings/grammar.ts';
import { PACK, PACK_KEYS, type PackKey } from './pack/definitions.ts';

/**
 * A HubSpot skill as the `crm` skill kind stores it in `skills`: what the catalog, the
 * router and the gates read of every skill (name, triggers, inputs, identity, response
 * template), and what it runs — a pack key or a binding.
 */
export interface CrmSkillDefinition extends SkillDefinition {
  source: 'pack' | 'binding';
  pack?: PackKey;
  binding?: Binding;
}

export const packKeyOf = (d: Record<string, unknown>): PackKey | undefined =>
  typeof d['pack'] === 'string' && (PACK_KEYS as readonly string[]).includes(d['pack'])
    ? (d['pack'] as PackKey)
    : undefined;

/** Binding input types in the engines' input model (formats carry email and phone). */
export function toInputDefinition(i: BindingInput): InputDefinition {
  const base = {
    name: i.name,
    instructions: i.description,
    required: i.required,
    source: 'customer' as const,
    sensitive: false,
  };
  switch (i.type) {
    case 'number':
      return { ...base, type: 'decimal' };
    case 'boolean':
      return { ...base, type: 'boolean' };
    case 'date':
      return { ...base, type: 'date' };
    case 'email':
      return { ...base, type: 'string', format: 'email' };
    case 'phone':
      return { ...base, type: 'string', format: 'phone' };
    default:
      return { ...base, type: 'string' };
  }
}

/** The built-in engine's answers; `text` is the kind's own sentence for the run. */
const PACK_TEMPLATES: Partial<Record<PackKey, string>> = {
  find_contact:
    '{{#if greetingName}}Hello {{greetingName}}, good to hear from you again!{{else}}I could not find anyone with that phone number.{{/if}}',
};

/**
 * The full definition from what identifies a HubSpot skill: `{pack: key}`, a binding, or
 * a stored definition (re-derived, so a pack skill always matches this release's pack).
 */
export function crmSkillDefinition(value: unknown): CrmSkillDefinition {
  let v = (value ?? {}) as Record<string, unknown>;
  if (v['source'] === 'binding' && v['binding']) v = v['binding'] as Record<string, unknown>;
  const key = packKeyOf(v);
  if (key) {
    const p = PACK[key];
    return {
      key,
      name: p.name,
      description: p.description,
      triggers: p.triggers,
      // update_contact's id defaults to the contact find_contact linked in this conversation.
      inputs: p.inputs.map((i) =>
        key === 'update_contact' && i.name === 'id'
          ? { ...toInputDefinition(i), required: false }
          : toInputDefinition(i),
      ),
      requiresVerifiedIdentity: p.requiresVerifiedIdentity,
      responseTemplate: PACK_TEMPLATES[key] ?? '{{text}}',
      responseInstructions: '',
      source: 'pack',
      pack: key,
    };
  }
  const b = parseOrThrow(bindingSchema, v, 'binding');
  return {
    key: b.key,
    name: b.name,
    description: b.description || b.name,
    triggers: [b.name],
    inputs: b.inputs.map(toInputDefinition),
    requiresVerifiedIdentity: false,
    responseTemplate: '{{text}}',
    responseInstructions: '',
    source: 'binding',
    binding: b,
  };
}

export const crmAccess = (d: CrmSkillDefinition): 'read' | 'write' =>
  d.pack ? PACK[d.pack].kind : bindingKind(d.binding!);

/** What the HubSpot routes show of a skill: `{pack: key}` or the binding. */
export const crmSource = (d: CrmSkillDefinition): Record<string, unknown> =>
  d.pack ? { pack: d.pack } : (d.binding as unknown as Record<string, unknown>);
