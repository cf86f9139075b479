import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { parseJsonText } from '../../server/json-body.ts';
import { forbidden, invalid, unauthorized, zodIssuesToDetails } from '../../shared/errors.ts';
import type { ChannelRow } from '../../store/schema.ts';
import { loadChannelOfType } from '../channel-cache.ts';
import { keepRawBody } from '../webhook-bodies.ts';
import { answerHandshake } from './handshake.ts';
import { checkSignature, SIGNATURE_HEADER } from './signature.ts';

/**
 * The webhook door WhatsApp and Messenger share (contracts §3): `GET` answers Meta's
 * verification handshake; `POST` checks `X-Hub-Signature-256` over the raw bytes before
 * anything is parsed, then validates the payload and hands it to the channel, which stores
 * each message (idempotent on the provider's id) before the 200; turns run as jobs.
 */
export interface MetaWebhook<T> {
  type: 'whatsapp' | 'messenger';
  label: string;
  payload: z.ZodType<T>;
  /** Stores what the payload carries; returns when it is durable. */
  handle(ctx: AppContext, channel: ChannelRow, payload: T): Promise<void>;
}

const params = z.object({ channelId: z.string().max(100) });
const handshakeQuery = z.object({
  'hub.mode': z.string().max(50).optional(),
  'hub.verify_token': z.string().max(512).optional(),
  'hub.challenge': z.string().max(200).optional(),
});

export function registerMetaWebhook<T>(app: FastifyInstance, ctx: AppContext, hook: MetaWebhook<T>): void {
  keepRawBody(app);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const path = `/webhooks/${hook.type}/:channelId`;
  const tags = ['channels'];

  r.get(
    path,
    {
      schema: {
        tags,
        summary: `${hook.label} webhook verification (Meta's handshake)`,
        description:
          "Meta calls this when the webhook is set up: with `hub.mode=subscribe` and the channel's verify token, the answer is `hub.challenge` as plain text; otherwise 403.",
        params,
        querystring: handshakeQuery,
        response: { 200: z.string().describe('The challenge, echoed.') },
      },
    },
    async (req, reply) => {
      const channel = await loadChannelOfType(ctx.db, ctx.keyring, req.params.channelId, hook.type);
      const token = channel?.secrets['verifyToken'] ?? '';
      const answer = answerHandshake(req.query, token);
      if (answer === null) throw forbidden('The verify token does not match.', 'verify_token_mismatch');
      return reply.type('text/plain; charset=utf-8').send(answer);
    },
  );

  r.post(
    path,
    {
      schema: {
        tags,
        summary: `${hook.label} webhook events`,
        description:
          'Meta posts events here, signed with the app secret: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>`. A missing signature is refused with 401, a wrong one with 403, and nothing is stored. Each message is stored once per provider message id before the 200; replies follow as jobs.',
        params,
        response: { 200: z.object({ received: z.literal(true) }) },
      },
    },
    async (req, reply) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const channel = await loadChannelOfType(ctx.db, ctx.keyring, req.params.channelId, hook.type);
      const secret = channel?.secrets['appSecret'] ?? '';
      const check = checkSignature(secret, raw, req.headers[SIGNATURE_HEADER]);
      if (check === 'missing') throw unauthorized('The X-Hub-Signature-256 header is missing.');
      if (check !== 'ok' || !channel)
        throw forbidden('The X-Hub-Signature-256 signature does not match.', 'signature_mismatch');
      const parsed = hook.payload.safeParse(parseJsonText(raw.toString('utf8')));
      if (!parsed.success)
        throw invalid(`The ${hook.label} payload is invalid.`, zodIssuesToDetails(parsed.error.issues));
      await hook.handle(ctx, channel.row, parsed.data);
      return reply.status(200).send({ received: true as const });
    },
  );
}
