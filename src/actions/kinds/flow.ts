import type { Kysely } from 'kysely';
import { conflict } from '../../shared/errors.ts';
import type { DB } from '../../store/schema.ts';
import type { ActionDefinition } from '../definition/schema.ts';
import { type FlowRunResult, runFlow } from '../flows/run-flow.ts';
import { type FlowDefinition, flowDefinitionSchema } from '../flows/schema.ts';
import { flowKind, validateFlowDefinition } from '../flows/validate.ts';
import { summarizeAction } from './action.ts';
import type { RunnableSkill, SkillKind } from './registry.ts';

/** A flow: actions run in order, later steps reading earlier outputs (B10). */
export const flowKindEntry: SkillKind<FlowDefinition, FlowRunResult> = {
  type: 'flow',
  label: 'Flow',
  idPrefix: 'flw',
  order: 1,
  routes: { plural: 'flows', schema: flowDefinitionSchema },
  async validate({ db, accountId, agentId }, value) {
    const lookup = await actionLookup(db, accountId, agentId);
    const definition = validateFlowDefinition(value, lookup);
    return { definition, access: flowKind(definition, lookup) };
  },
  access: async ({ db, accountId, agentId }, definition) =>
    flowKind(definition, await actionLookup(db, accountId, agentId)),
  async run(skill, inputs, ports) {
    const stepSkills = new Map<string, RunnableSkill>();
    const result = await runFlow(
      skill.definition,
      async (key) => {
        const s = await ports.load('action', key);
        if (!s) return undefined;
        stepSkills.set(key, s);
        const action = s.definition as ActionDefinition;
        return { action, connection: await ports.connectionFor(action) };
      },
      inputs,
      { ...ports.options, ...(ports.context ? { context: ports.context } : {}) },
    );
    for (const step of result.steps) {
      const s = stepSkills.get(step.action);
      if (s) await ports.record(s, step.result);
    }
    const last = result.steps.at(-1)?.result;
    const error = result.failedStep?.error ?? result.error;
    return {
      summary: {
        ...(last ? summarizeAction(last) : {}),
        ok: result.ok,
        outputs: result.outputs,
        ...(error ? { error: { class: error.class, message: error.message } } : {}),
        steps: result.steps.map((s) => ({
          index: s.index,
          action: s.action,
          ok: s.result.ok,
          ...(s.result.status !== undefined ? { status: s.result.status } : {}),
        })),
      },
      result,
    };
  },
  presentRun(_skill, result) {
    const last = result.steps.at(-1)?.result;
    return {
      ok: result.ok,
      durationMs: result.durationMs,
      outputs: result.outputs,
      steps: result.steps,
      ...(last?.request ? { request: last.request } : {}),
      ...(last?.status !== undefined ? { status: last.status } : {}),
      ...(result.failedStep ? { error: { ...result.failedStep.error, step: result.failedStep.index } } : {}),
      ...(result.error ? { error: result.error } : {}),
    };
  },
  // A published flow runs published actions only.
  async beforePublish(db, row, definition) {
    const published = await db
      .selectFrom('skills')
      .select('key')
      .where('agent_id', '=', row.agent_id)
      .where('type', '=', 'action')
      .where('status', '=', 'published')
      .execute();
    const ok = new Set(published.map((p) => p.key));
    const missing = [...new Set(definition.steps.map((s) => s.action).filter((s) => !ok.has(s)))];
    if (missing.length) {
      throw conflict(`Publish the flow's actions first: ${missing.join(', ')}.`, 'unpublished_dependency');
    }
  },
};

/** The actions an agent's flows may use, by key (drafts included: a flow is checked against what exists). */
async function actionLookup(db: Kysely<DB>, accountId: string, agentId: string) {
  const rows = await db
    .selectFrom('skills')
    .select(['key', 'definition'])
    .where('account_id', '=', accountId)
    .where('agent_id', '=', agentId)
    .where('type', '=', 'action')
    .execute();
  const byKey = new Map(rows.map((r) => [r.key, r.definition as unknown as ActionDefinition]));
  return (key: string) => byKey.get(key);
}
