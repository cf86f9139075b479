import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface ReceivedPost {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A business's webhook endpoint on loopback: records every POST and answers with the
 * statuses given in turn (then 200), so tests can make it fail before it succeeds.
 */
export async function startWebhookReceiver(statuses: number[] = []) {
  const received: ReceivedPost[] = [];
  const queue = [...statuses];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      const status = queue.shift() ?? 200;
      res
        .writeHead(status, { 'content-type': 'application/json' })
        .end(status < 300 ? '{"ok":true}' : '{"error":"down"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    host: `127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
