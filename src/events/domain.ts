import { z } from 'zod';
import type { EventBus } from './bus.ts';

/**
 * The domain events, declared once. They travel on the LISTEN/NOTIFY bus so every process
 * sees them (the inbox's live view, the widget fan-out, credits, CRM write-back). They carry
 * ids, never contents: a subscriber loads what it needs, within the account.
 */
const base = { accountId: z.string(), conversationId: z.string() };

export const DOMAIN_EVENTS = {
  'message.received': z.object({ ...base, messageId: z.string(), channel: z.string() }),
  /** An inbound message's turn has run (its replies are stored). */
  'message.processed': z.object({ ...base, messageId: z.string() }),
  'message.sent': z.object({ ...base, messageId: z.string(), channel: z.string() }),
  'delivery.failed': z.object({ ...base, messageId: z.string(), channel: z.string() }),
  'conversation.handed_off': z.object({ ...base, reason: z.string() }),
  'conversation.assigned': z.object({
    ...base,
    ownerType: z.enum(['agent', 'user', 'team', 'unassigned']),
    ownerId: z.string().nullable(),
  }),
  'conversation.handed_back': z.object(base),
  'conversation.closed': z.object({ ...base, reason: z.string() }),
  /** A person left an internal note (inbox, E8); never delivered. */
  'note.added': z.object({ ...base, noteId: z.string() }),
} as const;

export type DomainEventName = keyof typeof DOMAIN_EVENTS;
export type DomainEventPayload<N extends DomainEventName> = z.infer<(typeof DOMAIN_EVENTS)[N]>;
export type DomainEvent = { [N in DomainEventName]: { name: N } & DomainEventPayload<N> }[DomainEventName];

/**
 * Events about the whole account, not one conversation: on the same bus channel, but typed
 * apart, so conversation subscribers (which read `conversationId`) never see them.
 */
export const ACCOUNT_EVENTS = {
  /** The agent switch (E5) was set: open widgets update their header. */
  'agent_switch.changed': z.object({ accountId: z.string() }),
} as const;

export type AccountEventName = keyof typeof ACCOUNT_EVENTS;
export type AccountEvent = {
  [N in AccountEventName]: { name: N } & z.infer<(typeof ACCOUNT_EVENTS)[N]>;
}[AccountEventName];

/** One bus channel for all domain events; subscribers filter by name and account. */
export const DOMAIN_CHANNEL = 'frontdesk.events';

export async function publishEvent<N extends DomainEventName>(
  bus: EventBus,
  name: N,
  payload: DomainEventPayload<N>,
): Promise<void> {
  await bus.publish(DOMAIN_CHANNEL, { name, ...DOMAIN_EVENTS[name].parse(payload) });
}

/**
 * Publishes several events in order, as one notification (one statement, not one per
 * event); a failure to notify never undoes committed work.
 */
export async function publishEvents(bus: EventBus, events: DomainEvent[], onError: (err: unknown) => void) {
  if (events.length === 0) return;
  try {
    const batch = events.map(({ name, ...payload }) => ({ name, ...DOMAIN_EVENTS[name].parse(payload) }));
    await bus.publish(DOMAIN_CHANNEL, batch.length === 1 ? batch[0] : { batch });
  } catch (err) {
    onError(err);
  }
}

/**
 * Publishes an event nobody waits for, soon and batched: while one notification is on its
 * way, the events that follow queue up and go out together (at most 32, well within
 * NOTIFY's size limit, in one statement), so a busy process sends few statements for many
 * events. Order per process is kept; like every event, it is at most once.
 */
export function publishSoon(bus: EventBus, event: DomainEvent, onError: (err: unknown) => void): void {
  let queue = soon.get(bus);
  if (!queue) {
    queue = { pending: [], flushing: false };
    soon.set(bus, queue);
  }
  queue.pending.push(event);
  if (!queue.flushing) void flush(bus, queue, onError);
}

const soon = new WeakMap<EventBus, { pending: DomainEvent[]; flushing: boolean }>();

async function flush(
  bus: EventBus,
  queue: { pending: DomainEvent[]; flushing: boolean },
  onError: (err: unknown) => void,
) {
  queue.flushing = true;
  try {
    while (queue.pending.length) await publishEvents(bus, queue.pending.splice(0, 32), onError);
  } finally {
    queue.flushing = false;
  }
}

/** Publishes an account event; like every event, a failure to notify undoes nothing. */
export async function publishAccountEvent(
  bus: EventBus,
  event: AccountEvent,
  onError: (err: unknown) => void,
) {
  try {
    const { name, ...payload } = event;
    await bus.publish(DOMAIN_CHANNEL, { name, ...ACCOUNT_EVENTS[name].parse(payload) });
  } catch (err) {
    onError(err);
  }
}

/** Subscribes to the account events; returns the function that ends it. */
export function subscribeAccountEvents(
  bus: EventBus,
  handler: (event: AccountEvent) => void,
): Promise<() => Promise<void>> {
  return bus.subscribe(DOMAIN_CHANNEL, (raw) => {
    const event = raw as AccountEvent;
    if (event && typeof event === 'object' && event.name in ACCOUNT_EVENTS) handler(event);
  });
}

/** Subscribes to the domain events that pass `filter`; returns the function that ends it. */
export function subscribeEvents(
  bus: EventBus,
  handler: (event: DomainEvent) => void,
  filter: (event: DomainEvent) => boolean = () => true,
): Promise<() => Promise<void>> {
  return bus.subscribe(DOMAIN_CHANNEL, (raw) => {
    const batch = (raw as { batch?: unknown })?.batch;
    for (const item of Array.isArray(batch) ? batch : [raw]) {
      const event = item as DomainEvent;
      if (event && typeof event === 'object' && event.name in DOMAIN_EVENTS && filter(event)) handler(event);
    }
  });
}
