import { type ReceivedRequest, startLoopbackServer } from '../../src/shared/http/loopback-server.ts';

export type ReceivedPost = ReceivedRequest;

/**
 * A business's webhook endpoint on loopback (the shared loopback server): records every
 * POST and answers with the statuses given in turn (then 200), so tests can make it fail
 * before it succeeds.
 */
export async function startWebhookReceiver(statuses: number[] = []) {
  const queue = [...statuses];
  const server = await startLoopbackServer((_req, res) => {
    const status = queue.shift() ?? 200;
    res
      .writeHead(status, { 'content-type': 'application/json' })
      .end(status < 300 ? '{"ok":true}' : '{"error":"down"}');
  });
  return { url: `${server.origin}/hook`, host: server.host, received: server.received, close: server.close };
}
