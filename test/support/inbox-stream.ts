import { EventSource } from 'eventsource';
import { waitFor } from './processes.ts';

export interface StreamEvent {
  type: string;
  data: any;
}

export interface InboxStream {
  events: StreamEvent[];
  /** Comments (heartbeats) seen, counted from the raw stream. */
  heartbeats(): number;
  /** Waits for an event matching `pred` and returns it. */
  next(pred: (e: StreamEvent) => boolean, what: string, timeoutMs?: number): Promise<StreamEvent>;
  /** Whether the server ended the stream. */
  ended(): boolean;
  close(): void;
}

const NAMES = [
  'ready',
  'message.received',
  'message.processed',
  'message.sent',
  'delivery.failed',
  'conversation.handed_off',
  'conversation.assigned',
  'conversation.handed_back',
  'conversation.closed',
  'note.added',
];

/**
 * The inbox's live stream read by a real EventSource client (the `eventsource` package,
 * the WHATWG client for Node) with an API key or a session cookie; resolves once `ready`.
 * It does not reconnect, so a test sees when the server ends the stream.
 */
export async function openInboxStream(
  base: string,
  auth: { key: string } | { cookie: string },
): Promise<InboxStream> {
  const events: StreamEvent[] = [];
  let beats = 0;
  let ended = false;
  const headers: Record<string, string> =
    'key' in auth ? { authorization: `Bearer ${auth.key}` } : { cookie: auth.cookie };
  const es = new EventSource(`${base}/api/v1/inbox/events`, {
    fetch: async (input, init) => {
      const res = await fetch(input, { ...init, headers: { ...init.headers, ...headers } });
      if (!res.body) return res;
      // Count heartbeat comments on a copy of the stream; EventSource drops comments.
      const [mine, theirs] = res.body.tee();
      void (async () => {
        const reader = mine.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
          if (done) break;
          buf += value;
          const lines = buf.split('\n');
          buf = lines.pop() ?? '';
          beats += lines.filter((l) => l.startsWith(': heartbeat')).length;
        }
        ended = true;
      })();
      return new Response(theirs, { status: res.status, headers: res.headers });
    },
  });
  es.onerror = () => {
    ended = true;
    es.close();
  };
  for (const name of NAMES)
    es.addEventListener(name, (e) => events.push({ type: name, data: JSON.parse((e as MessageEvent).data) }));
  const stream: InboxStream = {
    events,
    heartbeats: () => beats,
    async next(pred, what, timeoutMs = 30_000) {
      await waitFor(() => events.some(pred) || ended, what, timeoutMs);
      const found = events.find(pred);
      if (!found) throw new Error(`the stream ended before ${what}`);
      return found;
    },
    ended: () => ended,
    close: () => es.close(),
  };
  await stream.next((e) => e.type === 'ready', 'the stream to be ready');
  return stream;
}
