import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { waitFor } from './processes.ts';

/**
 * A widget as the server sees it, over a real WebSocket (the `ws` client): the frames it
 * got, and helpers to wait for one. Tests and the livechat benchmark use it.
 */
export interface WidgetClient {
  ws: WebSocket;
  frames: any[];
  send(frame: unknown): void;
  hello(extra?: Record<string, unknown>): Promise<any>;
  /** The first frame (from `from` on) that matches; waits for it. */
  next(match: (f: any) => boolean, what: string, from?: number): Promise<any>;
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export function widgetUrl(baseUrl: string, publicId: string): string {
  return `${baseUrl.replace(/^http/, 'ws')}/widget/ws?channel=${encodeURIComponent(publicId)}`;
}

/** Opens a socket; rejects with the HTTP status when the upgrade is refused. */
export function connectWidget(
  baseUrl: string,
  publicId: string,
  origin: string | null,
): Promise<WidgetClient> {
  const ws = new WebSocket(widgetUrl(baseUrl, publicId), origin ? { origin } : {});
  const frames: any[] = [];
  ws.on('message', (d) => frames.push(JSON.parse(String(d))));
  const closed = new Promise<{ code: number; reason: string }>((r) =>
    ws.on('close', (code, reason) => r({ code, reason: String(reason) })),
  );
  const client: WidgetClient = {
    ws,
    frames,
    closed,
    send: (f) => ws.send(JSON.stringify(f)),
    async hello(extra = {}) {
      client.send({ type: 'hello', ...extra });
      return client.next((f) => f.type === 'ready' || f.type === 'error', 'ready or error');
    },
    async next(match, what, from = 0) {
      let found: any;
      await waitFor(
        () => {
          found = frames.slice(from).find(match);
          return found !== undefined;
        },
        what,
        30_000,
      );
      return found;
    },
    async close() {
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(1000);
      await closed;
    },
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`upgrade refused: HTTP ${res.statusCode}`)),
    );
    ws.once('error', reject);
  });
}

/** What the business's server does (README recipe): an HS256 JWT with the channel's signing secret. */
export async function signVisitorToken(
  secret: string,
  claims: { sub: string; email?: string; phone?: string; name?: string },
  expiresIn: string | number = '10m',
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}
