import type { AppContext } from '../context.ts';
import { type Accepted, acceptInbound, type Inbound } from '../conversations/accept.ts';
import type { ContactInput } from '../conversations/contacts.ts';
import { processConversation } from '../conversations/turn.ts';
import type { TurnResult } from '../conversations/turn-result.ts';
import { subscribeEvents } from '../events/domain.ts';
import type { ChannelRow } from '../store/schema.ts';
import { acceptOnOpenConversation, rememberOpenConversation } from './accept-open.ts';
import { conversationFor } from './conversation-for.ts';

/**
 * The one inbound pipeline, after a channel has verified and parsed a message: store it
 * (accept), acknowledge, process. A process that runs workers starts the turn at once
 * (the stored message is the durable job: if this process dies first, the sweeper of any
 * process picks it up). A caller that answers synchronously (the API channel) may wait,
 * bounded, for the turn's result; otherwise it returns as soon as the message is stored.
 */
export interface Received extends Accepted {
  /** The turn's result when it finished within the wait; null when it is still to come. */
  result: TurnResult | null;
}

export async function receive(
  ctx: AppContext,
  inbound: Inbound,
  opts: { waitMs: number },
): Promise<Received> {
  // Listen before storing, so a turn finished on another process cannot be missed.
  const processedElsewhere =
    opts.waitMs > 0 && !ctx.config.workers ? await watchProcessed(ctx, inbound) : null;
  try {
    const accepted = await acceptInbound(ctx, inbound);
    return await settle(ctx, inbound, accepted, opts, processedElsewhere);
  } finally {
    await processedElsewhere?.stop();
  }
}

/**
 * A registered channel's message that is acknowledged at once (no wait for the turn): the
 * contact's open conversation in one statement when nothing about the contact changes
 * (accept-open.ts), otherwise the conversation found or started (conversation-for.ts) and
 * then accepted. Every webhook channel comes in here, so each gets the same guarantees:
 * stored once per provider message id, a closed conversation never reopened, the contact
 * resolved as contacts.ts does. `beforeTurn` runs once the message is stored and before its
 * turn starts, for what a reply will need (Meta: where it goes, and the 24-hour window).
 */
export async function receiveOnChannel(
  ctx: AppContext,
  channel: ChannelRow,
  contact: ContactInput,
  facts: Parameters<typeof conversationFor>[3],
  message: { text: string; channelMessageId?: string | undefined },
  opts: { beforeTurn?: (conversationId: string) => Promise<void> } = {},
): Promise<Received & { conversationId: string }> {
  const accountId = channel.account_id;
  let stored = await acceptOnOpenConversation(ctx, channel, contact, message);
  if (!stored) {
    const { conversationId } = await conversationFor(ctx, channel, contact, facts);
    stored = {
      conversationId,
      accepted: await acceptInbound(ctx, { accountId, conversationId, ...message }),
    };
    rememberOpenConversation(ctx.db, channel, contact, conversationId);
  }
  const { conversationId, accepted } = stored;
  await opts.beforeTurn?.(conversationId);
  const got = await settle(ctx, { accountId, conversationId, ...message }, accepted, { waitMs: 0 }, null);
  return { conversationId, ...got };
}

/** After the message is stored: start its turn here (workers on) and wait for it, if asked. */
async function settle(
  ctx: AppContext,
  inbound: Inbound,
  accepted: Accepted,
  opts: { waitMs: number },
  processedElsewhere: Awaited<ReturnType<typeof watchProcessed>> | null,
): Promise<Received> {
  if (accepted.turn) return { ...accepted, result: accepted.turn as unknown as TurnResult };
  if (ctx.config.workers) {
    const turn = processConversation(ctx, inbound.accountId, inbound.conversationId).then((done) =>
      done.get(accepted.messageId),
    );
    turn.catch((err) => ctx.log.error({ err, conversationId: inbound.conversationId }, 'turn failed'));
    if (opts.waitMs <= 0) return { ...accepted, result: null };
    const result = await withTimeout(turn, opts.waitMs);
    if (result === undefined) return { ...accepted, result: await storedTurn(ctx, accepted.messageId) };
    return { ...accepted, result };
  }
  if (!processedElsewhere) return { ...accepted, result: null };
  const seen = await withTimeout(processedElsewhere.waitFor(accepted.messageId), opts.waitMs);
  return { ...accepted, result: seen ? await storedTurn(ctx, accepted.messageId) : null };
}

async function storedTurn(ctx: AppContext, messageId: string): Promise<TurnResult | null> {
  const row = await ctx.db
    .selectFrom('messages')
    .select('turn')
    .where('id', '=', messageId)
    .executeTakeFirst();
  return (row?.turn as unknown as TurnResult | null) ?? null;
}

async function watchProcessed(ctx: AppContext, inbound: Inbound) {
  const seen = new Set<string>();
  const waiters = new Map<string, () => void>();
  const stop = await subscribeEvents(
    ctx.events,
    (e) => {
      if (e.name !== 'message.processed') return;
      seen.add(e.messageId);
      waiters.get(e.messageId)?.();
    },
    (e) => e.conversationId === inbound.conversationId && e.accountId === inbound.accountId,
  );
  return {
    stop,
    waitFor: (messageId: string) =>
      seen.has(messageId)
        ? Promise.resolve(true)
        : new Promise<boolean>((r) => waiters.set(messageId, () => r(true))),
  };
}

/** The promise's value, or undefined once `ms` have passed (the work itself goes on). */
function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((r) => {
    timer = setTimeout(() => r(undefined), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
