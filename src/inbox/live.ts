import type { EventBus } from '../events/bus.ts';
import { type DomainEvent, subscribeEvents } from '../events/domain.ts';

/** One open live stream: whose account it serves and how to write to it. */
export interface LiveClient {
  accountId: string;
  send(event: DomainEvent): void;
  heartbeat(): void;
  end(): void;
}

/**
 * The inbox's real-time fan-out in one process (E8): one subscription to the domain events
 * on the LISTEN/NOTIFY bus — so events published by any process arrive — shared by every
 * open stream; each stream gets only its own account's events.
 */
export class InboxLive {
  readonly #clients = new Set<LiveClient>();
  readonly #bus: EventBus;
  readonly #heartbeatMs: number;
  #subscription: Promise<() => Promise<void>> | null = null;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(bus: EventBus, heartbeatMs: number) {
    this.#bus = bus;
    this.#heartbeatMs = heartbeatMs;
  }

  get size(): number {
    return this.#clients.size;
  }

  /** Adds a stream once the subscription is active, so it misses nothing published afterwards. */
  async add(client: LiveClient): Promise<() => void> {
    if (this.#closed) throw new Error('the inbox stream is shutting down');
    this.#subscription ??= subscribeEvents(this.#bus, (e) => this.#fanOut(e));
    try {
      await this.#subscription;
    } catch (err) {
      this.#subscription = null;
      throw err;
    }
    this.#clients.add(client);
    this.#timer ??= setInterval(() => {
      for (const c of this.#clients) c.heartbeat();
    }, this.#heartbeatMs).unref();
    return () => this.#remove(client);
  }

  #fanOut(event: DomainEvent): void {
    for (const c of this.#clients) if (c.accountId === event.accountId) c.send(event);
  }

  #remove(client: LiveClient): void {
    this.#clients.delete(client);
    if (this.#clients.size === 0 && this.#timer) {
      clearInterval(this.#timer);
      this.#timer = null;
    }
  }

  /** Ends every stream and the subscription (server shutdown). */
  async close(): Promise<void> {
    this.#closed = true;
    for (const c of [...this.#clients]) {
      c.end();
      this.#remove(c);
    }
    const sub = this.#subscription;
    this.#subscription = null;
    if (sub) await (await sub.catch(() => async () => {}))();
  }
}
