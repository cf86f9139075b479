import type { Kysely } from 'kysely';
import type { KindRun, SkillKind } from '../../actions/kinds/registry.ts';
import type { AppContext } from '../../context.ts';
import { withLock } from '../../jobs/locks.ts';
import { AppError } from '../../shared/errors.ts';
import type { DB } from '../../store/schema.ts';
import { type BindingResult, runBinding } from './bindings/run.ts';
import { validateBinding } from './bindings/validate.ts';
import { connectionStatus } from './connection.ts';
import { type CrmSkillDefinition, crmAccess, crmSkillDefinition } from './crm-definition.ts';
import { linkedContact } from './pack/links.ts';
import { runPackSkill, type SkillContext, type SkillOutputs } from './pack/skills.ts';
import { listObjects } from './schema.ts';
import { hasCustomObjectAccess } from './scopes.ts';

/**
 * The `crm` skill kind (beside `action` and `flow`): an agent's HubSpot skills, pack and
 * bindings alike, as rows of `skills`. The catalog, the router and the gates read them like
 * any other skill — writes are confirmed first and run one at a time per conversation,
 * `update_contact` needs a verified identity — and the executor runs them here.
 */
export interface CrmSkillCall {
  accountId: string;
  definition: CrmSkillDefinition;
  inputs: Record<string, unknown>;
  context?: SkillContext;
}

export interface CrmRun {
  ok: boolean;
  durationMs: number;
  outputs: Record<string, unknown>;
  error?: { class: string; message: string };
}

/** Checks a definition: a pack key, or a binding against the discovered schema and granted scopes (422). */
export async function validateCrmSkill(
  db: Kysely<DB>,
  accountId: string,
  value: unknown,
): Promise<CrmSkillDefinition> {
  const definition = crmSkillDefinition(value);
  const binding = definition.binding;
  if (binding) {
    const objects = await listObjects({ db }, accountId);
    const { scopes } = await connectionStatus({ db }, accountId);
    validateBinding(binding, {
      find: (ref) =>
        objects.find(
          (o) => o.name === ref || o.objectTypeId === ref || o.label.toLowerCase() === ref.toLowerCase(),
        ),
      customObjectsGranted: hasCustomObjectAccess(scopes),
      granted: scopes,
    });
  }
  return definition;
}

/** Runs one HubSpot skill through the SDK; writes never run in parallel within a conversation. */
export async function runCrmSkill(
  ctx: AppContext,
  call: CrmSkillCall,
): Promise<SkillOutputs | BindingResult> {
  const d = call.definition;
  const sc = call.context ?? {};
  const go = async () => {
    if (d.pack) {
      const inputs = { ...call.inputs };
      if (d.pack === 'update_contact' && inputs['id'] === undefined && sc.contactId) {
        const linked = await linkedContact(ctx, call.accountId, sc.contactId);
        if (linked) inputs['id'] = linked;
      }
      return runPackSkill(ctx, call.accountId, d.pack, inputs, sc);
    }
    return runBinding(ctx, call.accountId, d.binding!, call.inputs);
  };
  const conversation = sc.conversationId;
  // Across processes: the lock lives in the database.
  return crmAccess(d) === 'write' && conversation
    ? withLock(ctx.database, `hubspot:write:${conversation}`, go)
    : go();
}

/** A short sentence for the reply, the trace and the test call. */
export function presentCrmRun(d: CrmSkillDefinition, outputs: SkillOutputs | BindingResult): string {
  const o = outputs as {
    found?: boolean;
    created?: boolean;
    contact?: { firstname: string | null; lastname: string | null; email: string | null };
    companies?: Array<{ name: string | null }>;
    tickets?: Array<{ subject: string | null }>;
    ticket?: { id: string };
    deal?: { id: string };
  };
  switch (d.pack) {
    case 'find_contact': {
      if (!o.found || !o.contact) return 'No contact with that phone number.';
      const c = o.contact;
      return `Found ${[c.firstname, c.lastname].filter(Boolean).join(' ') || 'the caller'}${c.email ? ` (${c.email})` : ''}.`;
    }
    case 'find_company':
      return o.found ? `Found ${(o.companies ?? []).map((c) => c.name).join(', ')}.` : 'No such company.';
    case 'find_ticket':
      return o.found
        ? `Found ${o.tickets?.length} ticket(s): ${(o.tickets ?? []).map((t) => t.subject).join('; ')}.`
        : 'No matching ticket.';
    case 'create_contact':
      return o.created ? 'Your details are saved.' : 'You are already in our records.';
    case 'update_contact':
      return 'Your details are updated.';
    case 'create_ticket':
      return `Ticket ${o.ticket?.id} is open.`;
    case 'create_deal':
      return `Opportunity ${o.deal?.id} is open.`;
  }
  const r = outputs as BindingResult;
  if (r.kind === 'read') return r.total === 0 ? 'Nothing matched.' : `Found ${r.total} record(s).`;
  return r.created ? `Created record ${r.record.id}.` : `Record ${r.record.id} is up to date.`;
}

const context = (c: Record<string, unknown> | undefined): SkillContext => {
  const s = (k: string) => (typeof c?.[k] === 'string' ? (c[k] as string) : undefined);
  const conversationId = s('conversation.id');
  const contactId = s('contact.id');
  return {
    ...(conversationId ? { conversationId } : {}),
    ...(contactId ? { contactId } : {}),
    verifiedIdentity: c?.['contact.verified'] === true,
  };
};

export const crmSkillKind: SkillKind<CrmSkillDefinition, CrmRun> = {
  type: 'crm',
  label: 'HubSpot skill',
  idPrefix: 'hsk',
  order: 2,
  async validate({ db, accountId }, value) {
    const definition = await validateCrmSkill(db, accountId, value);
    return { definition, access: crmAccess(definition) };
  },
  access: async (_scope, definition) => crmAccess(definition),
  async run(skill, inputs, ports): Promise<KindRun<CrmRun>> {
    if (!ports.app) throw new Error('HubSpot skills run inside the server (no app context given).');
    const started = performance.now();
    const given = (inputs ?? {}) as Record<string, unknown>;
    const request = { method: 'HUBSPOT', url: `hubspot://${skill.definition.pack ?? skill.key}` };
    let result: CrmRun;
    try {
      const outputs = await runCrmSkill(ports.app, {
        accountId: skill.accountId,
        definition: skill.definition,
        inputs: given,
        context: context(ports.context),
      });
      const text = presentCrmRun(skill.definition, outputs);
      result = { ok: true, durationMs: performance.now() - started, outputs: { ...outputs, text } };
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      result = {
        ok: false,
        durationMs: performance.now() - started,
        outputs: {},
        error: { class: e.code, message: e.message },
      };
    }
    await ports.record(skill, {
      ok: result.ok,
      durationMs: result.durationMs,
      inputs: given as never,
      outputs: result.outputs,
      request: { ...request, headers: {} },
      ...(result.error ? { error: result.error as never } : {}),
    });
    return {
      summary: {
        ok: result.ok,
        outputs: result.outputs,
        request,
        ...(result.error ? { error: result.error } : {}),
      },
      result,
    };
  },
  presentRun: (_skill, result) => ({ ...result }),
};
