import { FINAL_CLOSE_CODES, type ServerFrame } from './protocol.ts';

/**
 * The widget's WebSocket: says hello on every (re)connect, reconnects with exponential
 * backoff and jitter, and resends messages not yet acknowledged (same client message id,
 * so the server stores each once). Refusals (bad token, origin) are final.
 */
export interface ConnectionOptions {
  url: string;
  hello: () => Record<string, unknown>;
  onFrame: (frame: ServerFrame) => void;
  onState: (state: 'connecting' | 'open' | 'offline' | 'refused') => void;
}

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 15_000;

export class Connection {
  #ws: WebSocket | null = null;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;
  #ready = false;
  readonly #pending = new Map<string, string>();
  readonly #o: ConnectionOptions;

  constructor(o: ConnectionOptions) {
    this.#o = o;
  }

  start(): void {
    this.#stopped = false;
    if (this.#ws) return;
    this.#o.onState('connecting');
    const ws = new WebSocket(this.#o.url);
    this.#ws = ws;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', ...this.#o.hello() }));
    ws.onmessage = (e) => {
      if (this.#ws !== ws) return;
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(e.data));
      } catch {
        return;
      }
      if (frame.type === 'ready') {
        this.#attempt = 0;
        this.#ready = true;
        this.#o.onState('open');
        this.#o.onFrame(frame);
        for (const [id, text] of this.#pending) this.#send(id, text);
        return;
      }
      // Acknowledged, or refused for good (invalid, too many): either way not sent again. An
      // internal error is not the message's fault: it is sent again after the next hello.
      if (frame.type === 'ack') this.#pending.delete(frame.clientMessageId);
      else if (frame.type === 'error' && frame.clientMessageId && frame.code !== 'internal')
        this.#pending.delete(frame.clientMessageId);
      this.#o.onFrame(frame);
    };
    ws.onclose = (e) => {
      // A socket replaced by restart() closes late: it must not touch the new one.
      if (this.#ws !== ws) return;
      this.#ws = null;
      this.#ready = false;
      if (this.#stopped) return;
      if (FINAL_CLOSE_CODES.includes(e.code)) return this.#o.onState('refused');
      this.#o.onState('offline');
      const delay = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** this.#attempt++) * (0.5 + Math.random() / 2);
      this.#timer = setTimeout(() => this.start(), delay);
    };
  }

  /** Drops the connection and opens a new one (a new identity). */
  restart(): void {
    this.stop();
    this.#pending.clear();
    this.start();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#ws?.close(1000);
    this.#ws = null;
  }

  /** Queues a message; it is sent now if connected, else after the next hello. */
  send(clientMessageId: string, text: string): void {
    this.#pending.set(clientMessageId, text);
    if (this.#ready) this.#send(clientMessageId, text);
  }

  #send(clientMessageId: string, text: string): void {
    this.#ws?.send(JSON.stringify({ type: 'message', clientMessageId, text }));
  }
}
