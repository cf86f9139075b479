import type { AppContext } from '../../context.ts';
import { type DomainEvent, subscribeAccountEvents, subscribeEvents } from '../../events/domain.ts';
import { oneMessage, repliesTo, widgetStatus } from './history.ts';
import type { ServerFrame, WidgetMessage } from './protocol.ts';

/**
 * This process's widget sockets, by conversation, and the fan-out to them. Every process
 * listens on the bus, so a reply stored or delivered by any process reaches a visitor on
 * this one. Notifications carry ids; the hub reads the row. Two paths bring a reply: the
 * turn's `message.processed` event (as soon as the turn commits) and the outbox's delivery
 * (`LIVECHAT_BUS`, also for people's and system messages); each socket gets a message once.
 */
export const LIVECHAT_BUS = 'frontdesk.livechat';

export type LivechatNotice =
  /** A message (id `m`) in conversation `c`. */
  | { c: string; m: string }
  /** Visitor `v` (a digest of the channel and identity) has a new conversation `c`: their other tabs join it. */
  | { c: string; v: string };

export interface WidgetSocket {
  accountId: string;
  /** The conversation the socket shows (null before the visitor's first message). */
  readonly conversationId: string | null;
  send(frame: ServerFrame): void;
  /** Ids of messages this socket was sent (bounded), so the two paths never show one twice. */
  seen: Set<string>;
  /** The visitor's conversation changed in another tab: this socket moves to it. */
  adopt(conversationId: string): void;
}

const SEEN_LIMIT = 500;

export class LivechatHub {
  readonly #ctx: AppContext;
  readonly #byConversation = new Map<string, Set<WidgetSocket>>();
  readonly #byVisitor = new Map<string, Set<WidgetSocket>>();
  #stops: Array<() => Promise<void>> = [];

  constructor(ctx: AppContext) {
    this.#ctx = ctx;
  }

  async start(): Promise<void> {
    this.#stops.push(
      await this.#ctx.events.subscribe(LIVECHAT_BUS, (raw) => {
        const n = raw as Partial<{ c: string; m: string; v: string }>;
        if (typeof n?.c !== 'string') return;
        if (typeof n.m === 'string' && this.#byConversation.has(n.c))
          this.#guard(this.#pushMessage(n.c, n.m));
        if (typeof n.v === 'string') for (const s of this.#byVisitor.get(n.v) ?? []) s.adopt(n.c);
      }),
      await subscribeEvents(
        this.#ctx.events,
        (e) => this.#guard(this.#onEvent(e)),
        (e) => this.#byConversation.has(e.conversationId),
      ),
      await subscribeAccountEvents(this.#ctx.events, (e) => {
        if (e.name === 'agent_switch.changed') this.#guard(this.#pushAccountStatus(e.accountId));
      }),
    );
  }

  async stop(): Promise<void> {
    for (const stop of this.#stops.splice(0)) await stop().catch(() => {});
  }

  get connections(): number {
    let n = 0;
    for (const set of this.#byConversation.values()) n += set.size;
    return n;
  }

  join(conversationId: string, socket: WidgetSocket): void {
    addTo(this.#byConversation, conversationId, socket);
  }

  leave(conversationId: string, socket: WidgetSocket): void {
    removeFrom(this.#byConversation, conversationId, socket);
  }

  /** A socket of a visitor (by digest), whether or not it has a conversation yet. */
  watchVisitor(visitor: string, socket: WidgetSocket): void {
    addTo(this.#byVisitor, visitor, socket);
  }

  unwatchVisitor(visitor: string, socket: WidgetSocket): void {
    removeFrom(this.#byVisitor, visitor, socket);
  }

  /** Sends a frame to this process's sockets on the conversation. */
  broadcast(conversationId: string, frame: ServerFrame): void {
    for (const s of this.#byConversation.get(conversationId) ?? []) s.send(frame);
  }

  /** Sends a message to a socket unless it already has it. */
  deliverTo(socket: WidgetSocket, message: WidgetMessage): void {
    if (socket.seen.has(message.id)) return;
    remember(socket, message.id);
    socket.send({ type: 'message', message });
  }

  async #pushMessage(conversationId: string, messageId: string): Promise<void> {
    const sockets = this.#byConversation.get(conversationId);
    if (!sockets?.size || [...sockets].every((s) => s.seen.has(messageId))) return;
    const message = await oneMessage(this.#ctx.db, messageId);
    if (!message) return;
    for (const s of this.#byConversation.get(conversationId) ?? []) this.deliverTo(s, message);
  }

  async #onEvent(e: DomainEvent): Promise<void> {
    if (e.name === 'message.processed') {
      this.broadcast(e.conversationId, { type: 'typing', on: false });
      // The turn's replies, read as soon as it committed (the outbox's notice may come later).
      for (const m of await repliesTo(this.#ctx.db, e.messageId))
        for (const s of this.#byConversation.get(e.conversationId) ?? []) this.deliverTo(s, m);
    } else if (
      // The header changes only with the owner or the status (a handoff publishes `assigned`).
      e.name === 'conversation.assigned' ||
      e.name === 'conversation.handed_back' ||
      e.name === 'conversation.closed'
    ) {
      await this.#pushStatus(e.conversationId);
    }
  }

  async #pushStatus(conversationId: string): Promise<void> {
    const first = this.#byConversation.get(conversationId)?.values().next().value;
    if (!first) return;
    const status = await widgetStatus(this.#ctx.db, first.accountId, conversationId);
    this.broadcast(conversationId, { type: 'status', conversationId, status });
  }

  /** The agent switch changed: every socket of the account gets its header again. */
  async #pushAccountStatus(accountId: string): Promise<void> {
    for (const [conversationId, sockets] of [...this.#byConversation])
      if (sockets.values().next().value?.accountId === accountId) await this.#pushStatus(conversationId);
    const idle = [...this.#byVisitor.values()]
      .flatMap((set) => [...set])
      .filter((s) => s.accountId === accountId && s.conversationId === null);
    if (!idle.length) return;
    const status = await widgetStatus(this.#ctx.db, accountId, null);
    for (const s of idle) s.send({ type: 'status', conversationId: null, status });
  }

  #guard(p: Promise<void>): void {
    p.catch((err) => this.#ctx.log.warn({ err }, 'livechat fan-out failed'));
  }
}

export function remember(socket: WidgetSocket, messageId: string): void {
  socket.seen.add(messageId);
  if (socket.seen.size > SEEN_LIMIT) {
    const oldest = socket.seen.values().next().value;
    if (oldest !== undefined) socket.seen.delete(oldest);
  }
}

function addTo(map: Map<string, Set<WidgetSocket>>, key: string, socket: WidgetSocket): void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(socket);
}

function removeFrom(map: Map<string, Set<WidgetSocket>>, key: string, socket: WidgetSocket): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(socket);
  if (set.size === 0) map.delete(key);
}
