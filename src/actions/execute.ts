import type { Kysely } from 'kysely';
import { pinAllowedHost, resolveConnection } from '../connections/store.ts';
import type { AppContext } from '../context.ts';
import type { Keyring } from '../secrets/keyring.ts';
import type { DB, RunMode, SkillRow, SkillType } from '../store/schema.ts';
import { recordExecution } from './integration-log.ts';
import {
  type RunnableSkill,
  type RunPorts,
  type SkillDefinition,
  type SkillRunSummary,
  skillKind,
  type TestRunView,
} from './kinds/index.ts';

/** What executing a skill needs from the process. */
export interface ExecutionContext {
  db: Kysely<DB>;
  keyring: Keyring;
  devHosts: readonly string[];
  timeoutMs?: number;
  /** The running process, lent to kinds that need more than the database (crm). */
  app?: AppContext;
}

export type { RunnableSkill, SkillRunSummary } from './kinds/index.ts';

/** A run of any kind: the shared summary and the kind's own result (for its API view). */
export interface SkillRun {
  type: SkillType;
  summary: SkillRunSummary;
  result: unknown;
}

/** The definition to run: the published version live, the current draft in tests and preview. */
export async function runnableSkill(
  db: Kysely<DB>,
  row: SkillRow,
  useDraft: boolean,
): Promise<RunnableSkill> {
  let definition = row.definition as unknown as SkillDefinition;
  let version: number | null = null;
  if (!useDraft || row.status === 'published') {
    if (row.published_version === null) throw new Error(`skill ${row.key} has no published version`);
    const v = await db
      .selectFrom('skill_versions')
      .select('definition')
      .where('skill_id', '=', row.id)
      .where('version', '=', row.published_version)
      .executeTakeFirstOrThrow();
    definition = v.definition as unknown as SkillDefinition;
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
 * Runs a skill of any kind (looked up in the registry) and records every outbound call in
 * the integration log. Sibling skills a kind runs (a flow's actions) resolve the same way
 * as the skill itself: drafts only in tests and preview.
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
): Promise<SkillRun> {
  const ports: RunPorts = {
    db: ctx.db,
    app: ctx.app,
    context: opts.context,
    options: {
      devHosts: ctx.devHosts,
      ...(ctx.timeoutMs !== undefined ? { timeoutMs: ctx.timeoutMs } : {}),
      ...(opts.includeResponseBody ? { includeResponseBody: true } : {}),
    },
    record: (s, result) =>
      recordExecution(ctx.db, {
        accountId: skill.accountId,
        skillId: s.id,
        skillKey: s.key,
        version: s.version,
        conversationId: opts.conversationId ?? null,
        mode: opts.mode,
        inputs: s.definition.inputs,
        result,
      }),
    async connectionFor(action) {
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
    },
    async load(type, key) {
      const row = await ctx.db
        .selectFrom('skills')
        .selectAll()
        .where('account_id', '=', skill.accountId)
        .where('agent_id', '=', skill.agentId)
        .where('type', '=', type as SkillType)
        .where('key', '=', key)
        .executeTakeFirst();
      return row ? runnableSkill(ctx.db, row, opts.mode !== 'live') : undefined;
    },
  };
  const { summary, result } = await skillKind(skill.type).run(skill, inputs, ports);
  return { type: skill.type, summary, result };
}

/** The API view of a test call, as the skill's kind presents it. */
export function presentRun(skill: RunnableSkill, run: SkillRun): TestRunView {
  return skillKind(skill.type).presentRun(skill, run.result);
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
