import Fastify, { type FastifyInstance } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { newId } from '../../src/shared/ids.ts';
import type { DB } from '../../src/store/schema.ts';

/**
 * The baseline of the ingest benchmark: a bare Fastify route on the same database handle as
 * Frontdesk that stores an inbound message with the one statement storing needs at the
 * least — take the conversation's next sequence number and insert the message, idempotent
 * on the channel's message id — and acknowledges 202. The conversation id comes in the URL;
 * no authentication, no contact, no validation library, no event.
 */
export async function startBareServer(db: Kysely<DB>): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify({ logger: false });
  app.post<{ Params: { id: string }; Body: { messageId: string; text: string } }>(
    '/bare/conversations/:id/messages',
    async (req, reply) => {
      const id = newId('msg');
      await sql`
        with c as (
          update conversations set next_seq = next_seq + 1, last_activity_at = now(), updated_at = now()
          where id = ${req.params.id} and status = 'open'
          returning id, account_id, next_seq - 1 as seq
        )
        insert into messages (id, account_id, conversation_id, seq, role, text, channel_message_id)
        select ${id}, c.account_id, c.id, c.seq, 'customer', ${req.body.text}, ${req.body.messageId} from c
        on conflict (conversation_id, channel_message_id) do nothing`.execute(db);
      return reply.status(202).send({ conversationId: req.params.id, messageId: id, duplicate: false });
    },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { app, url: `http://127.0.0.1:${port}` };
}
