import type { AppContext } from '../../context.ts';
import { type DomainEvent, subscribeEvents } from '../../events/domain.ts';
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

export interface LivechatNotice {
  /** conversation id */
  c: string;
  /** message id */
  m: string;
}

export interface WidgetSocket {
  accountId: string;
  send(frame: ServerFrame): void;
  /** Ids of messages this socket was sent (bounded), so the two paths never show one twice. */
  seen: Set<string>;
}

const SEEN_LIMIT = 500;

export class LivechatHub {
  readonly #ctx: AppContext;
  readonly #byConversation = new Map<string, Set<WidgetSocket>>();
  #stops: Array<() => Promise<void>> = [];

  constructor(ctx: AppContext) {
    this.#ctx = ctx;
  }

  async start(): Promise<void> {
    this.#stops.push(
      await this.#ctx.events.subscribe(LIVECHAT_BUS, (raw) => {
        const n = raw as LivechatNotice;
        if (typeof n?.c === 'string' && typeof n.m === 'string' && this.#byConversation.has(n.c))
          this.#guard(this.#pushMessage(n.c, n.m));
      }),
      await subscribeEvents(
        this.#ctx.events,
        (e) => this.#guard(this.#onEvent(e)),
        (e) => this.#byConversation.has(e.conversationId),
      ),
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
    let set = this.#byConversation.get(conversationId);
    if (!set) {
      set = new Set();
      this.#byConversation.set(conversationId, set);
    }
    set.add(socket);
  }

  leave(conversationId: string, socket: WidgetSocket): void {
    const set = this.#byConversation.get(conversationId);
    if (!set) return;
    set.delete(socket);
    if (set.size === 0) this.#byConversation.delete(conversationId);
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
