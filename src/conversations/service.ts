import type { Kysely } from 'kysely';
import { executeSkill } from '../actions/execute.ts';
import { getAgentRow, handoffOf } from '../agents/service.ts';
import { withLock } from '../jobs/locks.ts';
import { answer } from '../knowledge/retrieve.ts';
import { knowledgeIndexFor } from '../knowledge/store.ts';
import type { AppContext } from '../server/context.ts';
import { AppError, conflict, notFound } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { toJson } from '../store/json.ts';
import type { ContactRow, ConversationRow, DB } from '../store/schema.ts';
import { inTransaction } from '../store/transaction.ts';
import { builtinTurn } from './builtin-engine.ts';
import { type CatalogSkill, loadCatalog } from './catalog.ts';
import { type ContactInput, contactFacts, upsertContact } from './contacts.ts';
import { handoffSummary, recordHandoff } from './handoff.ts';
import { llmTurn, modelFor } from './llm-engine.ts';
import { mailerFor } from './mailer.ts';
import { type Memory, stateOf, type TurnResult } from './model.ts';
import type { RunOutcome, TurnPorts } from './ports.ts';
import type { Turn } from './skill-steps.ts';
import { checkVerificationCode, sendVerificationCode } from './verification.ts';

/**
 * Conversations (C1–C7): creation, one turn at a time per conversation (a lock that holds
 * across processes), idempotent on the client's message id, with every write run at most
 * once (its idempotency key is stored before the call).
 */
export interface CreateConversation {
  channel?: string;
  draft?: boolean;
  contact?: ContactInput;
}

export async function createConversation(
  ctx: AppContext,
  accountId: string,
  agentId: string,
  input: CreateConversation,
) {
  const agent = await getAgentRow(ctx.db, accountId, agentId);
  return inTransaction(ctx.db, async (tx) => {
    const contact = await upsertContact(tx, accountId, input.contact ?? {});
    const id = newId('cnv');
    await tx
      .insertInto('conversations')
      .values({
        id,
        account_id: accountId,
        agent_id: agentId,
        contact_id: contact.id,
        channel: input.channel ?? 'api',
        draft: input.draft ?? false,
        state: 'bot',
        memory: toJson({}),
      })
      .execute();
    await tx
      .insertInto('messages')
      .values({
        id: newId('msg'),
        account_id: accountId,
        conversation_id: id,
        seq: 1,
        role: 'agent',
        text: agent.greeting,
      })
      .execute();
    return { id, state: 'bot' as const, greeting: agent.greeting, contactId: contact.id };
  });
}

async function conversationRow(db: Kysely<DB>, accountId: string, id: string): Promise<ConversationRow> {
  const row = await db
    .selectFrom('conversations')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('Conversation');
  return row;
}

export async function getConversation(db: Kysely<DB>, accountId: string, id: string) {
  const row = await conversationRow(db, accountId, id);
  const [messages, contact, handoffs] = await Promise.all([
    db.selectFrom('messages').selectAll().where('conversation_id', '=', id).orderBy('seq').execute(),
    db.selectFrom('contacts').selectAll().where('id', '=', row.contact_id).executeTakeFirstOrThrow(),
    db.selectFrom('handoffs').selectAll().where('conversation_id', '=', id).orderBy('created_at').execute(),
  ]);
  return {
    id: row.id,
    agentId: row.agent_id,
    channel: row.channel,
    draft: row.draft,
    state: row.state,
    tokensUsed: row.tokens_used,
    contact: {
      id: contact.id,
      name: contact.name,
      email: contact.email,
      phone: contact.phone,
      verified: Object.keys(contact.verification),
    },
    messages: messages.map((m) => ({
      id: m.id,
      role: m.role,
      text: m.text,
      createdAt: m.created_at.toISOString(),
    })),
    handoffs: handoffs.map((h) => ({
      reason: h.reason,
      summary: h.summary,
      assignee: h.assignee ?? 'unassigned',
      createdAt: h.created_at.toISOString(),
      resolvedAt: h.resolved_at?.toISOString() ?? null,
    })),
    createdAt: row.created_at.toISOString(),
  };
}

export async function handleMessage(
  ctx: AppContext,
  accountId: string,
  conversationId: string,
  input: { text: string; clientMessageId?: string | undefined },
): Promise<TurnResult> {
  await conversationRow(ctx.db, accountId, conversationId);
  return withLock(ctx.database, `conversation:${conversationId}`, () =>
    turnLocked(ctx, accountId, conversationId, input),
  );
}

async function turnLocked(
  ctx: AppContext,
  accountId: string,
  conversationId: string,
  input: { text: string; clientMessageId?: string | undefined },
): Promise<TurnResult> {
  const { db } = ctx;
  const conv = await conversationRow(db, accountId, conversationId);
  let messageId: string | undefined;
  if (input.clientMessageId) {
    const seen = await db
      .selectFrom('messages')
      .select(['id', 'turn'])
      .where('conversation_id', '=', conversationId)
      .where('client_message_id', '=', input.clientMessageId)
      .executeTakeFirst();
    // A retried turn answers exactly as the first time; a turn cut off mid-way resumes.
    if (seen?.turn) return seen.turn as unknown as TurnResult;
    messageId = seen?.id;
  }
  if (conv.state === 'closed') throw conflict('The conversation is closed.', 'conversation_closed');
  messageId ??= await appendMessage(
    db,
    accountId,
    conversationId,
    'customer',
    input.text,
    input.clientMessageId,
  );

  if (conv.state === 'handed_off') {
    const result: TurnResult = {
      replies: [],
      state: 'handed_off',
      trace: { engine: 'builtin', handoff: { reason: 'already handed off' } },
    };
    await db
      .updateTable('messages')
      .set({ turn: toJson(result) })
      .where('id', '=', messageId)
      .execute();
    return result;
  }

  const agent = await getAgentRow(db, accountId, conv.agent_id);
  const contact = await db
    .selectFrom('contacts')
    .selectAll()
    .where('id', '=', conv.contact_id)
    .executeTakeFirstOrThrow();
  const memory = conv.memory as Memory;
  const ports = await buildPorts(ctx, conv, contact, agent.name, handoffOf(agent));
  const model = modelFor(agent, ctx.keyring);
  let tokens = 0;
  let turn: Turn;
  if (model) {
    const out = await llmTurn(ports, memory, input.text, { model, agent });
    turn = out.turn;
    tokens = out.tokens;
  } else {
    turn = await builtinTurn(ports, memory, input.text);
  }

  const handoff = turn.handoff;
  if (handoff) turn.trace.handoff = { reason: handoff };
  const state = handoff ? 'handed_off' : stateOf(turn.memory);
  const result: TurnResult = { replies: turn.replies.map((text) => ({ text })), state, trace: turn.trace };
  await inTransaction(db, async (tx) => {
    for (const text of turn.replies) await appendMessage(tx, accountId, conversationId, 'agent', text);
    await tx
      .updateTable('conversations')
      .set({
        memory: toJson(turn.memory),
        state,
        tokens_used: conv.tokens_used + tokens,
        updated_at: new Date(),
      })
      .where('id', '=', conversationId)
      .execute();
    await tx
      .updateTable('messages')
      .set({ turn: toJson(result) })
      .where('id', '=', messageId)
      .execute();
    if (handoff) {
      const transcript = await tx
        .selectFrom('messages')
        .select(['role', 'text', 'turn'])
        .where('conversation_id', '=', conversationId)
        .orderBy('seq')
        .execute();
      await recordHandoff(tx, {
        accountId,
        conversationId,
        reason: handoff,
        summary: handoffSummary(handoff, transcript),
        assignee: handoffOf(agent).assignTo,
      });
    }
  });
  return result;
}

async function appendMessage(
  db: Kysely<DB>,
  accountId: string,
  conversationId: string,
  role: 'customer' | 'agent' | 'human' | 'system',
  text: string,
  clientMessageId?: string,
): Promise<string> {
  const id = newId('msg');
  const last = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('conversation_id', '=', conversationId)
    .executeTakeFirst();
  await db
    .insertInto('messages')
    .values({
      id,
      account_id: accountId,
      conversation_id: conversationId,
      seq: Number(last?.seq ?? 0) + 1,
      role,
      text,
      client_message_id: clientMessageId ?? null,
    })
    .execute();
  return id;
}

async function buildPorts(
  ctx: AppContext,
  conv: ConversationRow,
  contact: ContactRow,
  agentName: string,
  handoff: { topics: string[]; maxFailures: number },
): Promise<TurnPorts> {
  const { db } = ctx;
  const accountId = conv.account_id;
  const catalog = await loadCatalog(db, accountId, conv.agent_id, conv.draft);
  const index = await knowledgeIndexFor(db, accountId, conv.agent_id);
  const mailer = mailerFor(ctx.mailer, accountId);
  const facts = contactFacts(contact);
  return {
    conversationId: conv.id,
    catalog,
    agent: { name: agentName, handoffTopics: handoff.topics, maxFailures: handoff.maxFailures },
    contact: facts,
    extract: { now: new Date(), timeZone: contact.time_zone ?? 'UTC' },
    knowledge: (q) => (index ? answer(index, q) : null),
    run: (skill, values, runId) => runOnce(ctx, conv, facts, skill, values, runId),
    canSendCodes: mailer !== null,
    sendCode: async (email) => {
      if (!mailer) throw new AppError(500, 'smtp_not_configured', 'No SMTP server is configured.');
      await sendVerificationCode(db, mailer, { accountId, conversationId: conv.id, email, agentName });
      facts.email = email;
    },
    checkCode: (code) =>
      checkVerificationCode(db, { accountId, conversationId: conv.id, contactId: contact.id, code }),
    newRunId: () => newId('run'),
  };
}

/**
 * Runs a skill for the conversation. A write first stores its idempotency key: if the key
 * is already there, the stored result is returned (or, if the earlier attempt never
 * finished, nothing is called again).
 */
async function runOnce(
  ctx: AppContext,
  conv: ConversationRow,
  contact: { email: string | null; phone: string | null; name: string | null },
  skill: CatalogSkill,
  values: Record<string, unknown>,
  runId: string,
): Promise<RunOutcome> {
  const { db } = ctx;
  const key = `${conv.id}:${runId}`;
  if (skill.kind === 'write') {
    const inserted = await db
      .insertInto('action_runs')
      .values({
        id: newId('arn'),
        account_id: conv.account_id,
        conversation_id: conv.id,
        skill_key: skill.key,
        version: skill.version,
        idempotency_key: key,
        inputs: toJson(values),
        status: 'started',
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) {
      const prior = await db
        .selectFrom('action_runs')
        .selectAll()
        .where('idempotency_key', '=', key)
        .executeTakeFirstOrThrow();
      if (prior.status === 'started') return { ok: false, outputs: {}, uncertain: true };
      return { ...(prior.result as unknown as RunOutcome), replayed: true };
    }
  }
  const run = await executeSkill({ db, keyring: ctx.keyring, devHosts: ctx.config.devHosts }, skill, values, {
    mode: conv.draft ? 'preview' : 'live',
    conversationId: conv.id,
    context: {
      'contact.email': contact.email,
      'contact.phone': contact.phone,
      'contact.name': contact.name,
      'conversation.id': conv.id,
    },
  });
  const r = run.result;
  const last = run.type === 'flow' ? run.result.steps.at(-1)?.result : run.result;
  const error = run.type === 'flow' ? (run.result.failedStep?.error ?? run.result.error) : run.result.error;
  const outcome: RunOutcome = {
    ok: r.ok,
    outputs: r.outputs,
    ...(last?.status !== undefined ? { status: last.status } : {}),
    ...(last?.request ? { request: { method: last.request.method, url: last.request.url } } : {}),
    ...(error ? { error: { class: error.class, message: error.message } } : {}),
  };
  if (skill.kind === 'write') {
    await db
      .updateTable('action_runs')
      .set({ status: r.ok ? 'succeeded' : 'failed', result: toJson(outcome), completed_at: new Date() })
      .where('idempotency_key', '=', key)
      .execute();
  }
  return outcome;
}

/** A person hands the conversation back to the agent (C6). */
export async function handBack(db: Kysely<DB>, accountId: string, conversationId: string) {
  const conv = await conversationRow(db, accountId, conversationId);
  if (conv.state !== 'handed_off') throw conflict('The conversation is not with a person.', 'not_handed_off');
  await inTransaction(db, async (tx) => {
    await tx
      .updateTable('conversations')
      .set({ state: 'bot', memory: toJson({}), updated_at: new Date() })
      .where('id', '=', conv.id)
      .execute();
    await tx
      .updateTable('handoffs')
      .set({ resolved_at: new Date() })
      .where('conversation_id', '=', conv.id)
      .where('resolved_at', 'is', null)
      .execute();
  });
  return { state: 'bot' as const };
}

/** A person's reply is stored in the transcript (in turn order, under the conversation's lock). */
export async function humanReply(ctx: AppContext, accountId: string, conversationId: string, text: string) {
  await conversationRow(ctx.db, accountId, conversationId);
  await withLock(ctx.database, `conversation:${conversationId}`, () =>
    appendMessage(ctx.db, accountId, conversationId, 'human', text),
  );
}
