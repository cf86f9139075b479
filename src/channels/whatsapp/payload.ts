import { z } from 'zod';

/**
 * The WhatsApp Cloud API webhook payload (contracts §3), as far as Frontdesk reads it:
 * `field: "messages"` changes carrying customer messages and status receipts. Unknown
 * fields are ignored; other fields (account updates, templates) are acknowledged and skipped.
 */
const id = z.string().min(1).max(200);

export const waMessage = z.object({
  from: z.string().regex(/^\d{4,20}$/, 'a WhatsApp id (digits)'),
  id,
  timestamp: z.string().regex(/^\d{1,13}$/),
  type: z.string().max(40),
  text: z.object({ body: z.string().max(4096) }).optional(),
  // A tap on a template's quick-reply button.
  button: z.object({ text: z.string().max(256), payload: z.string().max(1000).optional() }).optional(),
});

export const waStatus = z.object({
  id,
  status: z.string().max(40),
  timestamp: z.string().max(20).optional(),
  recipient_id: z.string().max(40).optional(),
  errors: z
    .array(
      z.object({
        code: z.number().optional(),
        title: z.string().max(500).optional(),
        message: z.string().max(500).optional(),
      }),
    )
    .max(10)
    .optional(),
});

export const waValue = z.object({
  messaging_product: z.literal('whatsapp'),
  metadata: z.object({
    display_phone_number: z.string().max(40).optional(),
    phone_number_id: z.string().max(40),
  }),
  contacts: z
    .array(
      z.object({
        profile: z.object({ name: z.string().max(256).optional() }).optional(),
        wa_id: z.string().max(40),
      }),
    )
    .max(1000)
    .optional(),
  messages: z.array(waMessage).max(1000).optional(),
  statuses: z.array(waStatus).max(1000).optional(),
});

export const waPayload = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z
    .array(
      z.object({
        id: z.string().max(40),
        changes: z.array(z.object({ field: z.string().max(1000), value: z.unknown() })).max(1000),
      }),
    )
    .max(1000),
});

export type WaPayload = z.infer<typeof waPayload>;
export type WaValue = z.infer<typeof waValue>;
