import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import { toJson } from '../store/json.ts';
import { assignConversation, closeConversation } from './commands.ts';
import { clearLeases } from './lease.ts';
import { processConversation } from './turn.ts';

/**
 * The background work of conversations, in every process that runs workers:
 * - the sweeper: an accepted message whose turn never ran (its process died, or it ran
 *   no workers) is processed by whichever process finds it first — the lease keeps it to
 *   one; a message that fails MAX_ATTEMPTS times goes to a person instead of looping;
 * - auto-close: open conversations idle for FRONTDESK_AUTO_CLOSE_MINUTES are closed.
 */
export const SWEEP_INTERVAL_MS = 2000;
const MAX_ATTEMPTS = 3;

export async function startConversationWorkers(ctx: AppContext): Promise<() => void> {
  if (ctx.database.kind === 'pglite') await clearLeases(ctx);
  const failures = new Map<string, number>();
  let running = false;
  const sweep = async (minAgeSeconds: number) => {
    if (running) return;
    running = true;
    try {
      await processStranded(ctx, minAgeSeconds, failures);
      await closeIdle(ctx);
    } catch (err) {
      ctx.log.warn({ err }, 'conversation sweep failed');
    } finally {
      running = false;
    }
  };
  void sweep(0);
  const closeEvery =
    ctx.config.autoCloseMinutes > 0 ? (ctx.config.autoCloseMinutes * 60_000) / 4 : SWEEP_INTERVAL_MS;
  const timer = setInterval(() => void sweep(2), Math.max(200, Math.min(SWEEP_INTERVAL_MS, closeEvery)));
  timer.unref();
  return () => clearInterval(timer);
}

async function processStranded(ctx: AppContext, minAgeSeconds: number, failures: Map<string, number>) {
  const { rows } = await sql<{ account_id: string; conversation_id: string; id: string }>`
    select distinct on (conversation_id) account_id, conversation_id, id from messages
    where role = 'customer' and processed_at is null
      and created_at <= now() - make_interval(secs => ${minAgeSeconds})
    order by conversation_id, seq limit 50`.execute(ctx.db);
  for (const r of rows) {
    try {
      await processConversation(ctx, r.account_id, r.conversation_id);
      failures.delete(r.id);
    } catch (err) {
      const n = (failures.get(r.id) ?? 0) + 1;
      failures.set(r.id, n);
      ctx.log.error({ err, conversationId: r.conversation_id, attempt: n }, 'turn failed');
      if (n >= MAX_ATTEMPTS) {
        failures.delete(r.id);
        await giveUp(ctx, r.account_id, r.conversation_id, r.id);
      }
    }
  }
}

/** A message the agent cannot process goes to a person rather than being retried forever. */
async function giveUp(ctx: AppContext, accountId: string, conversationId: string, messageId: string) {
  const result = {
    replies: [],
    state: 'handed_off',
    trace: { engine: 'builtin', error: 'processing_failed' },
  };
  await ctx.db
    .updateTable('messages')
    .set({ processed_at: new Date(), turn: toJson(result) })
    .where('id', '=', messageId)
    .execute();
  await assignConversation(ctx, accountId, conversationId, { type: 'unassigned' }).catch(() => {});
}

async function closeIdle(ctx: AppContext) {
  if (ctx.config.autoCloseMinutes <= 0) return;
  const idle = await ctx.db
    .selectFrom('conversations')
    .select(['id', 'account_id'])
    .where('status', '=', 'open')
    .where('last_activity_at', '<', new Date(Date.now() - ctx.config.autoCloseMinutes * 60_000))
    .limit(100)
    .execute();
  for (const c of idle) {
    // Another process may close it first: the lifecycle refuses a second close.
    await closeConversation(ctx, c.account_id, c.id, 'inactivity').catch(() => {});
  }
}
