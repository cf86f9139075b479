import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import { KeyedMutex } from '../jobs/keyed-mutex.ts';
import { conflict, notFound } from '../shared/errors.ts';
import type {
  AgentRow,
  ContactIdentityRow,
  ContactRow,
  ConversationRow,
  MessageRow,
} from '../store/schema.ts';

/**
 * One turn at a time per conversation, across processes, without holding a pooled
 * connection while the turn waits on an API or a model (issue 8: 20 conversations against
 * a 3-second API finish in about 3 s, not 12). A lease is a time on the conversation row:
 * taken by one UPDATE that also returns everything a turn reads (conversation, agent,
 * contact and identities), released by the turn's final UPDATE. In one process a mutex
 * queues callers; another process waits for the lease to end. A process that dies
 * mid-turn leaves a lease that lapses after LEASE_SECONDS (PGlite, one process, clears
 * them at start).
 */
export const LEASE_SECONDS = 120;
const WAIT_STEP_MS = [20, 50, 100, 200, 400];

export interface Leased {
  conversation: ConversationRow;
  agent: AgentRow;
  contact: ContactRow;
  identities: ContactIdentityRow[];
  /** The conversation's accepted, unprocessed customer messages, in order (read with the lease). */
  pending: MessageRow[];
}

const mutexes = new WeakMap<object, KeyedMutex>();

export async function withConversation<T>(
  ctx: AppContext,
  accountId: string,
  conversationId: string,
  fn: (leased: Leased) => Promise<T>,
): Promise<T> {
  let mutex = mutexes.get(ctx.database);
  if (!mutex) {
    mutex = new KeyedMutex();
    mutexes.set(ctx.database, mutex);
  }
  return mutex.run(conversationId, async () => {
    const leased = await takeLease(ctx, accountId, conversationId);
    try {
      return await fn(leased);
    } finally {
      // The turn's commit normally ends the lease; this covers a turn that threw.
      if (leased.conversation.lease_until !== null) await releaseLease(ctx, conversationId);
    }
  });
}

async function takeLease(ctx: AppContext, accountId: string, conversationId: string): Promise<Leased> {
  const deadline = Date.now() + (LEASE_SECONDS + 10) * 1000;
  for (let attempt = 0; ; attempt++) {
    const { rows } = await sql<{ c: unknown; a: unknown; ct: unknown; ids: unknown[]; pending: unknown[] }>`
      update conversations c set lease_until = now() + make_interval(secs => ${LEASE_SECONDS})
      from agents a, contacts ct
      where c.id = ${conversationId} and c.account_id = ${accountId}
        and a.id = c.agent_id and ct.id = c.contact_id
        and (c.lease_until is null or c.lease_until < now())
      returning to_jsonb(c) as c, to_jsonb(a) as a, to_jsonb(ct) as ct,
        (select coalesce(jsonb_agg(to_jsonb(i) order by i.created_at, i.id), '[]'::jsonb)
           from contact_identities i where i.contact_id = c.contact_id) as ids,
        (select coalesce(jsonb_agg(to_jsonb(m) order by m.seq), '[]'::jsonb) from messages m
           where m.conversation_id = c.id and m.role = 'customer' and m.processed_at is null) as pending`.execute(
      ctx.db,
    );
    const row = rows[0];
    if (row) {
      return {
        conversation: revive(row.c),
        agent: revive(row.a),
        contact: revive(row.ct),
        identities: row.ids.map((i) => revive<ContactIdentityRow>(i)),
        pending: row.pending.map((m) => revive<MessageRow>(m)),
      };
    }
    const exists = await ctx.db
      .selectFrom('conversations')
      .select('id')
      .where('id', '=', conversationId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (!exists) throw notFound('Conversation');
    if (Date.now() > deadline) throw conflict('The conversation is busy; try again.', 'conversation_busy');
    await sleep(WAIT_STEP_MS[Math.min(attempt, WAIT_STEP_MS.length - 1)]);
  }
}

export async function releaseLease(ctx: AppContext, conversationId: string): Promise<void> {
  await ctx.db
    .updateTable('conversations')
    .set({ lease_until: null })
    .where('id', '=', conversationId)
    .execute();
}

/** At start on PGlite (one process): a lease left by a crash belongs to no one. */
export async function clearLeases(ctx: AppContext): Promise<void> {
  await ctx.db
    .updateTable('conversations')
    .set({ lease_until: null })
    .where('lease_until', 'is not', null)
    .execute();
}

/** to_jsonb turns timestamps into ISO text: turn the `*_at` / `*_until` fields back into Dates. */
function revive<T>(json: unknown): T {
  const out = { ...(json as Record<string, unknown>) };
  for (const [k, v] of Object.entries(out)) {
    if (typeof v === 'string' && /(_at|_until)$/.test(k)) out[k] = new Date(v);
  }
  return out as T;
}
