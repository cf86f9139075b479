import { z } from 'zod';
import type { ContactInput, IdentityInput } from './contacts.ts';

/** The contact a backend names when it starts a conversation over the API. */
export const contactSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  email: z.email().optional(),
  phone: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'E.164, e.g. +14155550123')
    .optional(),
  externalId: z.string().min(1).max(200).optional(),
  timeZone: z
    .string()
    .refine((tz) => Intl.supportedValuesOf('timeZone').includes(tz) || tz === 'UTC', 'an IANA time zone')
    .optional(),
  verified: z
    .array(z.enum(['email', 'phone', 'widget']))
    .optional()
    .describe(
      'Identities your backend vouches for (the customer is signed in: `widget` vouches for all given; the caller phone matched: `phone`).',
    ),
});

/** The API's contact as identities: what the calling backend vouches for counts as proved here. */
export function apiContact(c: z.output<typeof contactSchema>): ContactInput {
  const vouched = new Set(c.verified ?? []);
  const proof = (type: 'email' | 'phone' | 'external') =>
    vouched.has('widget') || (type !== 'external' && vouched.has(type)) ? 'api' : undefined;
  const identities: IdentityInput[] = [];
  if (c.externalId) identities.push({ type: 'external', value: c.externalId, proof: proof('external') });
  if (c.email) identities.push({ type: 'email', value: c.email, proof: proof('email') });
  if (c.phone) identities.push({ type: 'phone', value: c.phone, proof: proof('phone') });
  return { name: c.name, timeZone: c.timeZone, identities };
}
