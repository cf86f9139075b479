import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { invalid, zodIssuesToDetails } from '../../shared/errors.ts';
import { twilioGuard } from '../twilio/verify.ts';
import { parseFormBody } from '../webhook-bodies.ts';
import { callStep } from './call.ts';

const callSchema = z.object({
  CallSid: z.string().regex(/^CA[0-9a-fA-F]{32}$/, 'must be a Twilio Call SID'),
  From: z.string().max(64).optional(),
});

const stepQuery = z.object({
  event: z.enum(['turn', 'wait', 'silence', 'transfer-ended', 'recorded', 'ended']).optional(),
  c: z.string().max(100).optional(),
  turn: z.coerce.number().int().min(1).max(10_000).default(1),
  count: z.coerce.number().int().min(0).max(100).default(0),
});

/**
 * A Twilio Voice channel's webhook (E1): the number's "A call comes in" URL, and every URL
 * its TwiML hands back (the query says which step of the call it is). Verified by
 * `X-Twilio-Signature` before anything is read; answers TwiML.
 */
export async function twilioVoiceRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  parseFormBody(app);
  app.post(
    '/webhooks/twilio-voice/:channelId',
    {
      schema: {
        tags: ['channels'],
        summary: "A Twilio Voice channel's call webhook",
        description:
          'Set as the number\'s "A call comes in" webhook (HTTP POST). Each request must carry a valid `X-Twilio-Signature` over the channel\'s webhook base URL plus this path and query (403 otherwise, nothing stored). Answers TwiML (`text/xml`): a speech and keypad loop, a transfer, or a recorded message. Set the number\'s "call status changes" callback to this URL with `?event=ended`: a finished call closes the conversation the agent had.',
        params: z.object({ channelId: z.string().max(100) }),
        querystring: stepQuery,
      },
      preValidation: twilioGuard(ctx, 'twilio-voice'),
    },
    async (req, reply) => {
      const { channel, params } = req.twilio!;
      const call = callSchema.safeParse(params);
      if (!call.success)
        throw invalid('The call parameters are incomplete.', zodIssuesToDetails(call.error.issues, ['body']));
      const q = req.query as z.infer<typeof stepQuery>;
      const base = `${channel.config.webhookBaseUrl.replace(/\/+$/, '')}/webhooks/twilio-voice/${encodeURIComponent(channel.row.id)}`;
      const xml = await callStep(
        ctx,
        channel,
        { event: q.event, conversationId: q.c, turn: q.turn, count: q.count, params },
        (query) =>
          `${base}?${new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString()}`,
      );
      return reply.status(200).type('text/xml').send(xml);
    },
  );
}
