import { Buffer } from 'node:buffer';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { AppError } from '../shared/errors.ts';
import type { Database } from '../store/database.ts';

/**
 * Publish/subscribe over PostgreSQL LISTEN/NOTIFY, for real-time fan-out (live chat) across
 * every process sharing the database.
 *
 * - PostgreSQL: one dedicated `pg.Client` per bus holds the LISTENs (a pooled connection
 *   cannot, it is shared); when it drops, the bus reconnects with backoff and LISTENs again.
 *   Notifications sent while it was down are lost (LISTEN/NOTIFY keeps nothing), so
 *   `onReconnect` lets a consumer resynchronise from the database. Publishing is a
 *   `SELECT pg_notify($1, $2)` on the pool.
 * - PGlite: `pglite.listen` / `pg_notify` on the one in-process session.
 *
 * Delivery is at most once, in publish order per publisher, and only after the publishing
 * transaction commits. Payloads are JSON, at most 7999 bytes once encoded (NOTIFY's limit).
 * Channel names: 1–63 letters, digits, `_ . : -` (they are quoted, so case matters).
 */
export interface EventBus {
  publish(channel: string, payload: unknown): Promise<void>;
  /** Resolves once the subscription is active; returns the function that ends it. */
  subscribe(channel: string, handler: EventHandler): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export type EventHandler = (payload: unknown) => void;

/** A pino-compatible logger subset. */
export interface EventLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface EventBusOptions {
  logger?: EventLogger;
  /** PostgreSQL: called after the listening connection was lost and is back. */
  onReconnect?: () => void;
}

/** NOTIFY rejects payloads of 8000 bytes or more (the server's default build). */
export const MAX_PAYLOAD_BYTES = 7999;

const HEARTBEAT_INTERVAL_MS = 30_000;
const HEARTBEAT_TIMEOUT_MS = 10_000;

const CHANNEL = /^[A-Za-z0-9_.:-]{1,63}$/;

const consoleLogger: EventLogger = {
  warn: (obj, msg) => console.warn(msg, obj),
  error: (obj, msg) => console.error(msg, obj),
};

export function createEventBus(database: Database, opts: EventBusOptions = {}): EventBus {
  const logger = opts.logger ?? consoleLogger;
  return database.kind === 'pg'
    ? new PgEventBus(database.url, database.pool, logger, opts.onReconnect)
    : new PgliteEventBus(database.pglite, logger);
}

/** Validates the channel and returns it as a quoted identifier (for LISTEN/UNLISTEN). */
export function quoteChannel(channel: string): string {
  if (typeof channel !== 'string' || !CHANNEL.test(channel)) {
    throw new AppError(
      'internal',
      'event_channel_invalid',
      `Invalid event channel ${JSON.stringify(channel)}: 1–63 letters, digits, '_', '.', ':' or '-'.`,
    );
  }
  return `"${channel}"`;
}

/** JSON-encodes the payload, enforcing NOTIFY's size limit. */
export function encodePayload(payload: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(payload);
  } catch (err) {
    throw new AppError(
      'internal',
      'event_payload_invalid',
      `The event payload is not JSON-serialisable: ${String(err)}`,
    );
  }
  if (text === undefined) {
    throw new AppError('internal', 'event_payload_invalid', 'The event payload is not JSON-serialisable.');
  }
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_PAYLOAD_BYTES) {
    throw new AppError(
      'too_large',
      'event_payload_too_large',
      `The event payload is ${bytes} bytes as JSON; PostgreSQL NOTIFY allows at most ${MAX_PAYLOAD_BYTES}. Publish an id and let subscribers load the rest.`,
    );
  }
  return text;
}

function closedError(): AppError {
  return new AppError('internal', 'event_bus_closed', 'The event bus is closed.');
}

function deliver(logger: EventLogger, channel: string, raw: string, handlers: Iterable<EventHandler>): void {
  let payload: unknown;
  try {
    payload = JSON.parse(raw);
  } catch {
    logger.warn({ channel }, 'ignored a notification whose payload is not JSON');
    return;
  }
  for (const handler of handlers) {
    try {
      handler(payload);
    } catch (err) {
      logger.error({ err, channel }, 'event handler failed');
    }
  }
}

class PgliteEventBus implements EventBus {
  readonly #pglite: PGlite;
  readonly #logger: EventLogger;
  readonly #unlisteners = new Set<() => Promise<void>>();
  #closed = false;

  constructor(pglite: PGlite, logger: EventLogger) {
    this.#pglite = pglite;
    this.#logger = logger;
  }

  async publish(channel: string, payload: unknown): Promise<void> {
    if (this.#closed) throw closedError();
    quoteChannel(channel);
    await this.#pglite.query('SELECT pg_notify($1, $2)', [channel, encodePayload(payload)]);
  }

  async subscribe(channel: string, handler: EventHandler): Promise<() => Promise<void>> {
    if (this.#closed) throw closedError();
    const quoted = quoteChannel(channel);
    const listener = (raw: string) => {
      if (!this.#closed) deliver(this.#logger, channel, raw, [handler]);
    };
    await this.#pglite.listen(quoted, listener);
    let done = false;
    const unsubscribe = async () => {
      if (done) return;
      done = true;
      this.#unlisteners.delete(unsubscribe);
      // Not the function listen() returns: it sends the unquoted name (UNLISTEN a.b is a
      // syntax error for a name with a dot, such as the domain events' channel).
      if (!this.#pglite.closed) await this.#pglite.unlisten(quoted, listener);
    };
    this.#unlisteners.add(unsubscribe);
    return unsubscribe;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const unsubscribe of [...this.#unlisteners]) await unsubscribe().catch(() => {});
  }
}

class PgEventBus implements EventBus {
  readonly #url: string;
  readonly #pool: pg.Pool;
  readonly #logger: EventLogger;
  readonly #onReconnect: (() => void) | undefined;
  readonly #handlers = new Map<string, Set<EventHandler>>();
  #client: pg.Client | null = null;
  #connecting: Promise<pg.Client> | null = null;
  #reconnectTimer: NodeJS.Timeout | null = null;
  #reconnectDelayMs = 0;
  #lostConnection = false;
  #closed = false;

  constructor(url: string, pool: pg.Pool, logger: EventLogger, onReconnect: (() => void) | undefined) {
    this.#url = url;
    this.#pool = pool;
    this.#logger = logger;
    this.#onReconnect = onReconnect;
  }

  async publish(channel: string, payload: unknown): Promise<void> {
    if (this.#closed) throw closedError();
    quoteChannel(channel);
    await this.#pool.query('SELECT pg_notify($1, $2)', [channel, encodePayload(payload)]);
  }

  async subscribe(channel: string, handler: EventHandler): Promise<() => Promise<void>> {
    if (this.#closed) throw closedError();
    const quoted = quoteChannel(channel);
    // Registered before LISTEN so a (re)connection that happens meanwhile LISTENs it too.
    let set = this.#handlers.get(channel);
    if (!set) {
      set = new Set();
      this.#handlers.set(channel, set);
    }
    // A wrapper per subscription, so the same function subscribed twice is two subscriptions.
    const entry: EventHandler = (payload) => handler(payload);
    set.add(entry);
    try {
      const client = await this.#connect();
      // LISTEN is idempotent, and pg.Client runs queries in order, so a LISTEN issued here
      // after another subscriber's UNLISTEN of the same channel leaves it listened.
      await client.query(`LISTEN ${quoted}`);
    } catch (err) {
      this.#remove(channel, entry);
      throw err;
    }
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      const last = this.#remove(channel, entry);
      const client = this.#client;
      if (last && client && !this.#closed) {
        await client.query(`UNLISTEN ${quoted}`).catch(() => {});
      }
    };
  }

  /** Removes a handler; true when it was the channel's last one. */
  #remove(channel: string, entry: EventHandler): boolean {
    const set = this.#handlers.get(channel);
    if (!set) return false;
    set.delete(entry);
    if (set.size > 0) return false;
    this.#handlers.delete(channel);
    return true;
  }

  #connect(): Promise<pg.Client> {
    if (this.#closed) return Promise.reject(closedError());
    if (this.#client) return Promise.resolve(this.#client);
    if (!this.#connecting) {
      const connecting = this.#open();
      this.#connecting = connecting;
      connecting.then(
        () => {
          if (this.#connecting === connecting) this.#connecting = null;
        },
        () => {
          if (this.#connecting === connecting) this.#connecting = null;
        },
      );
    }
    return this.#connecting;
  }

  async #open(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.#url,
      application_name: 'frontdesk-events',
      keepAlive: true,
      connectionTimeoutMillis: HEARTBEAT_TIMEOUT_MS,
      // Bounds the heartbeat below (and LISTEN/UNLISTEN) on a connection that hangs silently.
      query_timeout: HEARTBEAT_TIMEOUT_MS,
    });
    let lost = false;
    let heartbeat: NodeJS.Timeout | undefined;
    const onLost = (err?: Error) => {
      if (lost) return;
      lost = true;
      clearInterval(heartbeat);
      if (this.#client === client) this.#client = null;
      client.end().catch(() => {});
      if (this.#closed) return;
      this.#logger.warn({ err }, 'event bus: the listening connection was lost; reconnecting');
      this.#lostConnection = true;
      this.#scheduleReconnect();
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (msg) => {
      const set = this.#handlers.get(msg.channel);
      if (set && set.size > 0 && !this.#closed)
        deliver(this.#logger, msg.channel, msg.payload ?? '', [...set]);
    });
    try {
      await client.connect();
      for (const channel of this.#handlers.keys()) await client.query(`LISTEN ${quoteChannel(channel)}`);
    } catch (err) {
      lost = true;
      client.end().catch(() => {});
      throw err;
    }
    if (this.#closed) {
      lost = true;
      await client.end().catch(() => {});
      throw closedError();
    }
    this.#client = client;
    this.#reconnectDelayMs = 0;
    // An idle LISTEN connection can die without the socket noticing (NAT, failover): ping it.
    heartbeat = setInterval(() => {
      client.query('SELECT 1').catch((err: Error) => onLost(err));
    }, HEARTBEAT_INTERVAL_MS);
    heartbeat.unref();
    if (this.#lostConnection) {
      this.#lostConnection = false;
      try {
        this.#onReconnect?.();
      } catch (err) {
        this.#logger.error({ err }, 'event bus: onReconnect failed');
      }
    }
    return client;
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#reconnectTimer) return;
    // Nobody listening: reconnect lazily on the next subscribe.
    if (this.#handlers.size === 0) return;
    this.#reconnectDelayMs = Math.min(5000, Math.max(100, this.#reconnectDelayMs * 2));
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = null;
      this.#connect().catch((err) => {
        this.#logger.warn({ err }, 'event bus: reconnecting failed; retrying');
        this.#lostConnection = true;
        this.#scheduleReconnect();
      });
    }, this.#reconnectDelayMs);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = null;
    this.#handlers.clear();
    const connecting = this.#connecting;
    if (connecting) await connecting.catch(() => {});
    const client = this.#client;
    this.#client = null;
    if (client) await client.end().catch(() => {});
  }
}
