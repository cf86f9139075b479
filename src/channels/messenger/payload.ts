import { z } from 'zod';

/**
 * The Messenger webhook payload for a Page (contracts §3), as far as Frontdesk reads it:
 * `messaging[]` events with a message (text, a quick reply's payload, or an echo of the
 * page's own message), delivery and read receipts. `standby[]` (another app owns the
 * thread) is acknowledged and ignored.
 */
const psid = z.string().regex(/^\d{1,32}$/, 'a page-scoped id (digits)');

export const messagingEvent = z.object({
  sender: z.object({ id: psid }),
  recipient: z.object({ id: z.string().max(40) }),
  timestamp: z.number().int().nonnegative().optional(),
  message: z
    .object({
      mid: z.string().min(1).max(300),
      text: z.string().max(5000).optional(),
      is_echo: z.boolean().optional(),
      quick_reply: z.object({ payload: z.string().max(1000) }).optional(),
    })
    .optional(),
  delivery: z
    .object({ mids: z.array(z.string().max(300)).max(1000).optional(), watermark: z.number().optional() })
    .optional(),
  read: z.object({ watermark: z.number() }).optional(),
});

export const messengerPayload = z.object({
  object: z.literal('page'),
  entry: z
    .array(
      z.object({
        id: z.string().max(40),
        time: z.number().optional(),
        messaging: z.array(messagingEvent).max(1000).optional(),
        standby: z.array(z.unknown()).max(1000).optional(),
      }),
    )
    .max(1000),
});

export type MessengerPayload = z.infer<typeof messengerPayload>;
export type MessagingEvent = z.infer<typeof messagingEvent>;
