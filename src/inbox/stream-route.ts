import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.ts';
import type { DomainEvent } from '../events/domain.ts';
import { principalOf } from '../server/plugins/auth.ts';
import { InboxLive } from './live.ts';

/**
 * The inbox's live view (E8) as Server-Sent Events: each domain event of the caller's
 * account, from whichever process published it, as a named event carrying ids (the client
 * loads what changed). `ready` says the stream is subscribed; comments are heartbeats.
 * Works with a session cookie (EventSource) and with an API key. Streams end when the
 * server shuts down.
 */
export async function inboxStreamRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const live = new InboxLive(ctx.events, ctx.config.inboxHeartbeatMs);
  app.addHook('preClose', async () => {
    await live.close();
  });
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/inbox/events',
    {
      config: { scope: 'conversations:read' },
      schema: {
        tags: ['inbox'],
        summary: "The account's conversation events as a Server-Sent Events stream",
        description:
          'text/event-stream. Events: `ready` (subscribed), then message.received, message.processed, message.sent, delivery.failed, conversation.handed_off, conversation.assigned, conversation.handed_back, conversation.closed, note.added — each with `data` a JSON object of ids (accountId, conversationId, …). Lines starting with `:` are heartbeats.',
      },
    },
    async (req, reply) => {
      const { accountId } = principalOf(req);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': req.id,
      });
      res.flushHeaders();
      let ended = false;
      let remove = () => {};
      const end = () => {
        if (ended) return;
        ended = true;
        remove();
        if (!res.writableEnded) res.end();
      };
      // A client gone (or a failed write) ends the stream; registered before subscribing,
      // so a client that leaves while the subscription starts is not kept.
      res.once('close', end);
      res.on('error', end);
      const write = (chunk: string) => {
        if (!ended) res.write(chunk);
      };
      try {
        const removeClient = await live.add({
          accountId,
          send: (e: DomainEvent) => write(`event: ${e.name}\ndata: ${JSON.stringify(e)}\n\n`),
          heartbeat: () => write(': heartbeat\n\n'),
          end,
        });
        if (ended) return removeClient();
        remove = removeClient;
        write('retry: 3000\n\nevent: ready\ndata: {}\n\n');
      } catch (err) {
        req.log.warn({ err }, 'inbox stream not subscribed');
        write('event: error\ndata: {"code":"unavailable"}\n\n');
        end();
      }
    },
  );
}
