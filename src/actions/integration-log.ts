import { type Kysely, sql } from 'kysely';
import { DEFAULT_LOG_RETENTION_DAYS } from '../access/account-settings.ts';
import { invalid } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { cleanText, toJson } from '../store/json.ts';
import type { DB, IntegrationLogRow, RunMode } from '../store/schema.ts';
import type { InputDefinition } from './definition/schema.ts';
import type { ActionRunResult } from './runner/run-action.ts';

/**
 * The integration log (B11): one entry per action execution — test, preview or live — with
 * sensitive inputs masked. The runner already masks connection secrets in the request
 * line, error messages and body.
 */
export const MASKED = '********';

export interface LogEntryInput {
  accountId: string;
  skillId: string | null;
  skillKey: string;
  version: number | null;
  conversationId: string | null;
  mode: RunMode;
  inputs: readonly InputDefinition[];
  result: ActionRunResult;
}

export function maskInputs(
  definitions: readonly InputDefinition[],
  values: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const sensitive = new Set(definitions.filter((d) => d.sensitive).map((d) => d.name));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values ?? {})) out[k] = sensitive.has(k) ? MASKED : v;
  return out;
}

export async function recordExecution(db: Kysely<DB>, e: LogEntryInput): Promise<string> {
  const id = newId('log');
  const r = e.result;
  await db
    .insertInto('integration_log')
    .values({
      id,
      account_id: e.accountId,
      skill_id: e.skillId,
      skill_key: e.skillKey,
      version: e.version,
      conversation_id: e.conversationId,
      mode: e.mode,
      ok: r.ok,
      status_code: r.status ?? null,
      error_class: r.error?.class ?? null,
      error_message: r.error ? cleanText(r.error.message) : null,
      request_line: r.request ? cleanText(`${r.request.method} ${r.request.url}`) : '',
      inputs: toJson(maskInputs(e.inputs, r.inputs)),
      outputs: toJson(r.outputs),
      duration_ms: Math.round(r.durationMs),
    })
    .execute();
  return id;
}

export interface LogQuery {
  actionId?: string | undefined;
  actionKey?: string | undefined;
  conversationId?: string | undefined;
  status?: 'ok' | 'error' | undefined;
  since?: Date | undefined;
  /** Entries strictly before this moment. */
  until?: Date | undefined;
  /** `nextCursor` of the previous page: the entries after it, newest first. */
  cursor?: string | undefined;
  limit: number;
}

export const toLogView = (r: IntegrationLogRow) => ({
  id: r.id,
  actionId: r.skill_id,
  actionKey: r.skill_key,
  version: r.version,
  conversationId: r.conversation_id,
  mode: r.mode,
  status: r.ok ? ('ok' as const) : ('error' as const),
  statusCode: r.status_code,
  errorClass: r.error_class,
  errorMessage: r.error_message,
  request: r.request_line,
  inputs: r.inputs,
  outputs: r.outputs,
  durationMs: r.duration_ms,
  createdAt: r.created_at.toISOString(),
});

/**
 * One page of the log, newest first. The cursor names the last entry of the page by its exact
 * timestamp (microseconds, as stored) and id, so paging is stable while new entries arrive and
 * survives the entry itself being pruned.
 */
export async function queryLog(db: Kysely<DB>, accountId: string, q: LogQuery) {
  let query = db
    .selectFrom('integration_log')
    .selectAll()
    .select(sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('at'))
    .where('account_id', '=', accountId);
  if (q.actionId) query = query.where('skill_id', '=', q.actionId);
  if (q.actionKey) query = query.where('skill_key', '=', q.actionKey);
  if (q.conversationId) query = query.where('conversation_id', '=', q.conversationId);
  if (q.status) query = query.where('ok', '=', q.status === 'ok');
  if (q.since) query = query.where('created_at', '>=', q.since);
  if (q.until) query = query.where('created_at', '<', q.until);
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    query = query.where(sql<boolean>`(created_at, id) < (${c.at}::timestamptz, ${c.id})`);
  }
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    entries: page.map(toLogView),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.at, last.id) : null,
  };
}

const encodeCursor = (at: string, id: string) => Buffer.from(`${at}|${id}`).toString('base64url');

function decodeCursor(cursor: string): { at: string; id: string } {
  const [at = '', id = ''] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(at) || !/^log_[0-9a-z]+$/.test(id)) {
    throw invalid('The cursor is not one this API gave out.', [
      { path: 'cursor', message: 'use nextCursor from the previous page' },
    ]);
  }
  return { at, id };
}

/** Drops entries older than each account's retention (default 30 days). */
export async function pruneLog(db: Kysely<DB>, now = new Date()): Promise<number> {
  const accounts = await db.selectFrom('accounts').select(['id', 'settings']).execute();
  let removed = 0;
  for (const a of accounts) {
    const days = Number(
      (a.settings as { integrationLogRetentionDays?: number }).integrationLogRetentionDays ??
        DEFAULT_LOG_RETENTION_DAYS,
    );
    const cutoff = new Date(now.getTime() - days * 86_400_000);
    const res = await db
      .deleteFrom('integration_log')
      .where('account_id', '=', a.id)
      .where('created_at', '<', cutoff)
      .executeTakeFirst();
    removed += Number(res.numDeletedRows);
  }
  return removed;
}
