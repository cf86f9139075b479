import type { FastifyInstance } from 'fastify';
import twilio from 'twilio';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { invalid, zodIssuesToDetails } from '../../shared/errors.ts';
import { receiveOnChannel } from '../pipeline.ts';
import { twilioGuard } from '../twilio/verify.ts';
import { parseFormBody } from '../webhook-bodies.ts';
import { defaultHelpText, keywordOf } from './keywords.ts';
import { isOptedOut, optIn, optOut } from './opt-outs.ts';
import { recordStatus } from './status.ts';

const statusSchema = z.object({
  MessageSid: z.string().min(1).max(64),
  MessageStatus: z.string().min(1).max(32),
  ErrorCode: z.string().max(16).optional(),
});

const smsSchema = z.object({
  MessageSid: z.string().min(1).max(64),
  From: z.string().min(1).max(64),
  To: z.string().min(1).max(64),
  Body: z.string().max(1600).default(''),
  NumMedia: z.string().regex(/^\d+$/).default('0'),
});

/**
 * A Twilio SMS channel's inbound webhook (E1): verified by `X-Twilio-Signature`, stored
 * once per MessageSid before the answer, processed as a job; replies go through the
 * outbox and the Messages API. STOP/HELP and the opt-in words are answered here and never
 * reach the agent. The answer is TwiML: empty, or the HELP text.
 */
export async function twilioSmsRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  parseFormBody(app);
  app.post(
    '/webhooks/twilio-sms/:channelId',
    {
      schema: {
        tags: ['channels'],
        summary: "A Twilio SMS channel's inbound message webhook",
        description:
          'Set as the number\'s "A message comes in" webhook (HTTP POST). Twilio signs each request with `X-Twilio-Signature` over the channel\'s webhook base URL plus this path; an unsigned or wrongly signed request gets 403 and is not stored. Answers TwiML (`text/xml`).',
        params: z.object({ channelId: z.string().max(100) }),
      },
      preValidation: twilioGuard(ctx, 'twilio-sms'),
    },
    async (req, reply) => {
      const { channel, params } = req.twilio!;
      const parsed = smsSchema.safeParse(params);
      if (!parsed.success)
        throw invalid('The message is incomplete.', zodIssuesToDetails(parsed.error.issues, ['body']));
      const sms = parsed.data;
      const xml = (text?: string) => {
        const res = new twilio.twiml.MessagingResponse();
        if (text) res.message(text);
        return reply.status(200).type('text/xml').send(res.toString());
      };
      const optedOut = await isOptedOut(ctx.db, channel.row.id, sms.From);
      switch (keywordOf(sms.Body, optedOut)) {
        case 'stop':
          await optOut(ctx.db, channel.row.account_id, channel.row.id, sms.From);
          return xml();
        case 'start':
          await optIn(ctx.db, channel.row.id, sms.From);
          return xml();
        case 'help':
          return xml(channel.config.helpText ?? defaultHelpText(channel.row.name));
      }
      const media = Number(sms.NumMedia);
      const text = sms.Body.trim() || (media > 0 ? `(sent ${media} attachment${media > 1 ? 's' : ''})` : '');
      if (!text) return xml();
      await receiveOnChannel(
        ctx,
        channel.row,
        { identities: [{ type: 'phone', value: sms.From }] },
        { conversation: { text } },
        { text, channelMessageId: sms.MessageSid },
      );
      return xml();
    },
  );

  app.post(
    '/webhooks/twilio-sms/:channelId/status',
    {
      schema: {
        tags: ['channels'],
        summary: "Twilio's delivery report for an SMS reply",
        description:
          "The `StatusCallback` Frontdesk gives Twilio with each reply; signed like the inbound webhook (403 otherwise). A `failed` or `undelivered` report marks the reply failed with Twilio's error code.",
        params: z.object({ channelId: z.string().max(100) }),
      },
      preValidation: twilioGuard(ctx, 'twilio-sms'),
    },
    async (req, reply) => {
      const { channel, params } = req.twilio!;
      const parsed = statusSchema.safeParse(params);
      if (!parsed.success)
        throw invalid('The report is incomplete.', zodIssuesToDetails(parsed.error.issues, ['body']));
      await recordStatus(ctx, channel, {
        messageSid: parsed.data.MessageSid,
        status: parsed.data.MessageStatus,
        errorCode: parsed.data.ErrorCode,
      });
      return reply.status(200).type('text/xml').send(new twilio.twiml.MessagingResponse().toString());
    },
  );
}
