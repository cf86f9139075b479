import { parseOrThrow } from '../../actions/definition/issues.ts';
import type { AppContext } from '../../context.ts';
import { withLock } from '../../jobs/locks.ts';
import { type Binding, type BindingInput, bindingKind, bindingSchema } from './bindings/grammar.ts';
import { type BindingResult, runBinding } from './bindings/run.ts';
import { validateBinding } from './bindings/validate.ts';
import { connectionStatus } from './connection.ts';
import { PACK, PACK_KEYS, type PackKey } from './pack/definitions.ts';
import { runPackSkill, type SkillContext, type SkillOutputs } from './pack/skills.ts';
import { listObjects } from './schema.ts';
import { hasCustomObjectAccess } from './scopes.ts';

/**
 * The `crm` skill kind, for the skill-kind registry (beside `action` and `flow`): how the
 * engines see, check and run an agent's HubSpot skills (rows of `hubspot_skills`, pack and
 * bindings alike).
 *
 * - `describe(definition)`: name, description, kind (read/write), inputs, whether it needs
 *   a verified identity, trigger phrases — what the router and the gates need.
 * - `validate(ctx, accountId, definition)`: a pack key, or a binding checked against the
 *   discovered schema and granted scopes (422 with reasons).
 * - `run(ctx, call)`: executes through the SDK; write skills run one at a time per
 *   conversation (the engine confirms them with the customer first, as for actions).
 * - `present(definition, outputs)`: a short sentence for the reply and the trace.
 */
export interface CrmSkillDescription {
  name: string;
  description: string;
  kind: 'read' | 'write';
  inputs: BindingInput[];
  requiresVerifiedIdentity: boolean;
  triggers: string[];
}

export interface CrmSkillCall {
  accountId: string;
  definition: Record<string, unknown>;
  inputs: Record<string, unknown>;
  context?: SkillContext;
}

const packKey = (d: Record<string, unknown>): PackKey | undefined =>
  typeof d['pack'] === 'string' && (PACK_KEYS as readonly string[]).includes(d['pack'])
    ? (d['pack'] as PackKey)
    : undefined;

export const hubspotSkillKind = {
  kind: 'crm' as const,

  describe(definition: Record<string, unknown>): CrmSkillDescription {
    const key = packKey(definition);
    if (key) {
      const p = PACK[key];
      return {
        name: p.name,
        description: p.description,
        kind: p.kind,
        inputs: p.inputs,
        requiresVerifiedIdentity: p.requiresVerifiedIdentity,
        triggers: p.triggers,
      };
    }
    const b = definition as unknown as Binding;
    return {
      name: b.name,
      description: b.description,
      kind: bindingKind(b),
      inputs: b.inputs,
      requiresVerifiedIdentity: false,
      triggers: [b.name],
    };
  },

  async validate(
    ctx: AppContext,
    accountId: string,
    definition: unknown,
  ): Promise<{ kind: 'read' | 'write'; definition: Record<string, unknown> }> {
    const key = packKey((definition ?? {}) as Record<string, unknown>);
    if (key) return { kind: PACK[key].kind, definition: { pack: key } };
    const binding = parseOrThrow(bindingSchema, definition, 'binding');
    const objects = await listObjects(ctx, accountId);
    const { scopes } = await connectionStatus(ctx, accountId);
    validateBinding(binding, {
      find: (ref) =>
        objects.find(
          (o) => o.name === ref || o.objectTypeId === ref || o.label.toLowerCase() === ref.toLowerCase(),
        ),
      customObjectsGranted: hasCustomObjectAccess(scopes),
      granted: scopes,
    });
    return { kind: bindingKind(binding), definition: binding as unknown as Record<string, unknown> };
  },

  async run(ctx: AppContext, call: CrmSkillCall): Promise<SkillOutputs | BindingResult> {
    const key = packKey(call.definition);
    const kind = key ? PACK[key].kind : bindingKind(call.definition as unknown as Binding);
    const go = () =>
      key
        ? runPackSkill(ctx, call.accountId, key, call.inputs, call.context)
        : runBinding(ctx, call.accountId, call.definition as unknown as Binding, call.inputs);
    const conversation = call.context?.conversationId;
    // Writes never run in parallel within a conversation, across processes.
    return kind === 'write' && conversation
      ? withLock(ctx.database, `hubspot:write:${conversation}`, go)
      : go();
  },

  present(definition: Record<string, unknown>, outputs: SkillOutputs | BindingResult): string {
    const key = packKey(definition);
    const o = outputs as {
      found?: boolean;
      created?: boolean;
      contact?: { firstname: string | null; lastname: string | null; email: string | null };
      companies?: Array<{ name: string | null }>;
      tickets?: Array<{ subject: string | null }>;
      ticket?: { id: string };
      deal?: { id: string };
    };
    if (key === 'find_contact') {
      if (!o.found || !o.contact) return 'No contact with that phone number.';
      const c = o.contact;
      return `Found ${[c.firstname, c.lastname].filter(Boolean).join(' ') || 'the caller'}${c.email ? ` (${c.email})` : ''}.`;
    }
    if (key === 'find_company')
      return o.found ? `Found ${(o.companies ?? []).map((c) => c.name).join(', ')}.` : 'No such company.';
    if (key === 'find_ticket')
      return o.found
        ? `Found ${o.tickets?.length} ticket(s): ${(o.tickets ?? []).map((t) => t.subject).join('; ')}.`
        : 'No matching ticket.';
    if (key === 'create_contact')
      return o.created ? 'Your details are saved.' : 'You are already in our records.';
    if (key === 'update_contact') return 'Your details are updated.';
    if (key === 'create_ticket') return `Ticket ${o.ticket?.id} is open.`;
    if (key === 'create_deal') return `Opportunity ${o.deal?.id} is open.`;
    const r = outputs as BindingResult;
    if (r.kind === 'read') return r.total === 0 ? 'Nothing matched.' : `Found ${r.total} record(s).`;
    return r.created ? `Created record ${r.record.id}.` : `Record ${r.record.id} is up to date.`;
  },
};
