import Fastify, { type FastifyInstance } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { newId } from '../../src/shared/ids.ts';
import { toJson } from '../../src/store/json.ts';
import type { DB } from '../../src/store/schema.ts';

/**
 * The baseline of the turn benchmark: a bare Fastify route on the same database handle as
 * Frontdesk that performs a turn's writes in one transaction — update the conversation row
 * (taking two sequence numbers), insert the customer message, insert the agent's reply —
 * and answers with the reply. No authentication, no engine, no validation library: what a
 * turn must cost at the least.
 */
export async function startBareServer(
  db: Kysely<DB>,
  replyText: string,
): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify({ logger: false });
  app.post<{ Params: { id: string }; Body: { text: string; clientMessageId?: string } }>(
    '/bare/conversations/:id/messages',
    async (req) => {
      const { text, clientMessageId } = req.body;
      await db.transaction().execute(async (trx) => {
        const c = await trx
          .updateTable('conversations')
          .set({ next_seq: sql`next_seq + 2`, last_activity_at: sql`now()`, updated_at: sql`now()` })
          .where('id', '=', req.params.id)
          .returning(['account_id', 'next_seq'])
          .executeTakeFirstOrThrow();
        const inbound = newId('msg');
        const turn = { replies: [{ text: replyText }], state: 'bot', trace: {} };
        await trx
          .insertInto('messages')
          .values({
            id: inbound,
            account_id: c.account_id,
            conversation_id: req.params.id,
            seq: c.next_seq - 2,
            role: 'customer',
            text,
            channel_message_id: clientMessageId ?? null,
            turn: toJson(turn) as never,
            processed_at: sql`now()` as never,
          })
          .execute();
        await trx
          .insertInto('messages')
          .values({
            id: newId('msg'),
            account_id: c.account_id,
            conversation_id: req.params.id,
            seq: c.next_seq - 1,
            role: 'agent',
            text: replyText,
            parts: toJson([{ type: 'text', text: replyText }]) as never,
            reply_to: inbound,
            delivery: 'sent',
            delivered_at: sql`now()` as never,
          })
          .execute();
      });
      return { replies: [{ text: replyText }], state: 'bot', trace: {} };
    },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { app, url: `http://127.0.0.1:${port}` };
}
