import type { Kysely } from 'kysely';
import { conflict, invalid } from '../../shared/errors.ts';
import type { DB } from '../../store/schema.ts';
import { type ActionDefinition, actionDefinitionSchema } from '../definition/schema.ts';
import { validateActionDefinition } from '../definition/validate.ts';
import type { FlowDefinition } from '../flows/schema.ts';
import { maskInputs } from '../integration-log.ts';
import { type ActionRunResult, runAction } from '../runner/run-action.ts';
import type { SkillKind, SkillRunSummary } from './registry.ts';

export const MAX_ACTIONS_PER_ACCOUNT = 100;

/** An action: one HTTP call through a connection (B3–B8). */
export const actionKind: SkillKind<ActionDefinition, ActionRunResult> = {
  type: 'action',
  label: 'Action',
  idPrefix: 'act',
  order: 0,
  routes: { plural: 'actions', schema: actionDefinitionSchema },
  async validate({ db, accountId }, value) {
    const rows = await db
      .selectFrom('connections')
      .select('key')
      .where('account_id', '=', accountId)
      .execute();
    const keys = new Set(rows.map((r) => r.key));
    const definition = validateActionDefinition(value, { connectionExists: (k) => keys.has(k) });
    return { definition, access: definition.kind };
  },
  access: async (_scope, definition) => definition.kind,
  async run(skill, inputs, ports) {
    const action = skill.definition;
    const result = await runAction({
      action,
      connection: await ports.connectionFor(action),
      inputs: withContext(action, inputs, ports.context),
      options: ports.options,
    });
    await ports.record(skill, result);
    return { summary: summarizeAction(result), result };
  },
  // Sensitive inputs come back masked, as in the integration log.
  presentRun: (skill, result) => ({
    ...result,
    ...(result.inputs ? { inputs: maskInputs(skill.definition.inputs, result.inputs) } : {}),
  }),
  async beforeCreate({ db, accountId }) {
    const { count } = await db
      .selectFrom('skills')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('account_id', '=', accountId)
      .where('type', '=', 'action')
      .executeTakeFirstOrThrow();
    if (Number(count) >= MAX_ACTIONS_PER_ACCOUNT) {
      throw invalid(`An account can have at most ${MAX_ACTIONS_PER_ACCOUNT} actions.`, [], 'limit_exceeded');
    }
  },
  async beforeDelete(db, row) {
    const users = await flowsUsing(db, row.agent_id, row.key, false);
    if (users.length) throw conflict(`Flows use this action: ${users.join(', ')}.`, 'action_in_use');
  },
  async beforeUnpublish(db, row, opts) {
    if (row.status !== 'published' || opts.replacing) return;
    const users = await flowsUsing(db, row.agent_id, row.key, true);
    if (users.length)
      throw conflict(`Published flows use this action: ${users.join(', ')}.`, 'action_in_use');
  },
};

export function summarizeAction(r: ActionRunResult): SkillRunSummary {
  return {
    ok: r.ok,
    outputs: r.outputs,
    ...(r.status !== undefined ? { status: r.status } : {}),
    ...(r.request ? { request: { method: r.request.method, url: r.request.url } } : {}),
    ...(r.error ? { error: { class: r.error.class, message: r.error.message } } : {}),
  };
}

/** Keys of the agent's flows with a step running the action. */
async function flowsUsing(
  db: Kysely<DB>,
  agentId: string,
  actionKey: string,
  onlyPublished: boolean,
): Promise<string[]> {
  let q = db
    .selectFrom('skills')
    .select(['key', 'definition'])
    .where('agent_id', '=', agentId)
    .where('type', '=', 'flow');
  if (onlyPublished) q = q.where('status', '=', 'published');
  const flows = await q.execute();
  return flows
    .filter((f) => (f.definition as unknown as FlowDefinition).steps.some((s) => s.action === actionKey))
    .map((f) => f.key);
}

/** Fills `source: context` inputs from the conversation context (e.g. `contact.email`). */
function withContext(
  action: ActionDefinition,
  inputs: unknown,
  context: Record<string, unknown> | undefined,
) {
  if (!context || inputs === null || typeof inputs !== 'object') return inputs;
  const out: Record<string, unknown> = { ...(inputs as Record<string, unknown>) };
  for (const input of action.inputs) {
    if (
      input.source === 'context' &&
      input.contextField &&
      !(input.name in out) &&
      context[input.contextField] !== undefined
    ) {
      out[input.name] = context[input.contextField];
    }
  }
  return out;
}
