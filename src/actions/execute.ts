import type { Kysely } from 'kysely';
import { pinAllowedHost, resolveConnection } from '../connections/store.ts';
import type { Keyring } from '../secrets/keyring.ts';
import type { DB, RunMode, SkillRow } from '../store/schema.ts';
import type { ActionDefinition } from './definition/schema.ts';
import type { FlowRunResult } from './flows/run-flow.ts';
import { runFlow } from './flows/run-flow.ts';
import type { FlowDefinition } from './flows/schema.ts';
import { recordExecution } from './integration-log.ts';
import { type ActionRunResult, runAction } from './runner/run-action.ts';

/** What executing a skill needs from the process. */
export interface ExecutionContext {
  db: Kysely<DB>;
  keyring: Keyring;
  devHosts: readonly string[];
  timeoutMs?: number;
}

/** A skill as it runs: a definition and the version it came from (null for a draft). */
export interface RunnableSkill {
  id: string;
  accountId: string;
  agentId: string;
  type: 'action' | 'flow';
  key: string;
  version: number | null;
  definition: ActionDefinition | FlowDefinition;
}

export type SkillRunResult =
  | { type: 'action'; result: ActionRunResult }
  | { type: 'flow'; result: FlowRunResult };

/** The definition to run: the published version live, the current draft in tests and preview. */
export async function runnableSkill(
  db: Kysely<DB>,
  row: SkillRow,
  useDraft: boolean,
): Promise<RunnableSkill> {
  let definition = row.definition as unknown as ActionDefinition | FlowDefinition;
  let version: number | null = null;
  if (!useDraft || row.status === 'published') {
    if (row.published_version === null) throw new Error(`skill ${row.key} has no published version`);
    const v = await db
      .selectFrom('skill_versions')
      .select('definition')
      .where('skill_id', '=', row.id)
      .where('version', '=', row.published_version)
      .executeTakeFirstOrThrow();
    definition = v.definition as unknown as ActionDefinition | FlowDefinition;
    version = row.published_version;
  }
  return {
    id: row.id,
    accountId: row.account_id,
    agentId: row.agent_id,
    type: row.type,
    key: row.key,
    version,
    definition,
  };
}

/**
 * Runs an action or a flow and records every action execution in the integration log.
 * Flows resolve their steps' actions the same way as the flow itself (drafts only in
 * tests and preview).
 */
export async function executeSkill(
  ctx: ExecutionContext,
  skill: RunnableSkill,
  inputs: unknown,
  opts: {
    mode: RunMode;
    conversationId?: string | null;
    includeResponseBody?: boolean;
    context?: Record<string, unknown>;
  },
): Promise<SkillRunResult> {
  const runOptions = {
    devHosts: ctx.devHosts,
    ...(ctx.timeoutMs !== undefined ? { timeoutMs: ctx.timeoutMs } : {}),
    ...(opts.includeResponseBody ? { includeResponseBody: true } : {}),
  };
  const log = (s: RunnableSkill, result: ActionRunResult) =>
    recordExecution(ctx.db, {
      accountId: skill.accountId,
      skillId: s.id,
      skillKey: s.key,
      version: s.version,
      conversationId: opts.conversationId ?? null,
      mode: opts.mode,
      inputs: (s.definition as ActionDefinition).inputs,
      result,
    });
  const connectionFor = async (action: ActionDefinition) => {
    const key = action.request.connection;
    if (!key) return undefined;
    const connection = await resolveConnection(ctx.db, ctx.keyring, skill.accountId, key);
    if (!connection || connection.definition.type === 'none' || connection.definition.allowedHosts) {
      return connection;
    }
    // Credentials go only where they belong: bind the connection to this action's host on
    // first use; a host chosen by the inputs binds nothing and is refused (empty list).
    const host = staticHost(action.request.url);
    const allowedHosts = host ? await pinAllowedHost(ctx.db, skill.accountId, key, host) : [];
    return { ...connection, definition: { ...connection.definition, allowedHosts: allowedHosts ?? [] } };
  };

  if (skill.type === 'action') {
    const action = skill.definition as ActionDefinition;
    const result = await runAction({
      action,
      connection: await connectionFor(action),
      inputs: withContext(action, inputs, opts.context),
      options: runOptions,
    });
    await log(skill, result);
    return { type: 'action', result };
  }

  const stepSkills = new Map<string, RunnableSkill>();
  const result = await runFlow(
    skill.definition as FlowDefinition,
    async (key) => {
      const row = await ctx.db
        .selectFrom('skills')
        .selectAll()
        .where('account_id', '=', skill.accountId)
        .where('agent_id', '=', skill.agentId)
        .where('type', '=', 'action')
        .where('key', '=', key)
        .executeTakeFirst();
      if (!row) return undefined;
      const s = await runnableSkill(ctx.db, row, opts.mode !== 'live');
      stepSkills.set(key, s);
      const action = s.definition as ActionDefinition;
      return { action, connection: await connectionFor(action) };
    },
    inputs,
    { ...runOptions, ...(opts.context ? { context: opts.context } : {}) },
  );
  for (const step of result.steps) {
    const s = stepSkills.get(step.action);
    if (s) await log(s, step.result);
  }
  return { type: 'flow', result };
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

/** The host of a URL template, or undefined when a placeholder is part of it. */
export function staticHost(template: string): string | undefined {
  const MARK = 'frontdeskplaceholder';
  let url: URL;
  try {
    url = new URL(template.replace(/\{\{[^}]*\}\}/g, MARK));
  } catch {
    return undefined;
  }
  return url.hostname.includes(MARK) ? undefined : url.hostname;
}
