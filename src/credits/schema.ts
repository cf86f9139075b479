import { z } from 'zod';
import { CREDIT_PERIODS } from './period.ts';

/** Credits API contract (E6). */
export const autoTopUpSchema = z.strictObject({
  enabled: z.boolean(),
  packSize: z
    .number()
    .int()
    .min(1)
    .max(10_000_000)
    .default(1000)
    .describe('Credits added per automatic top-up.'),
  maxPerPeriod: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(1)
    .describe('At most this many automatic top-ups per period.'),
});

export const creditsPatchSchema = z
  .strictObject({
    allotment: z
      .number()
      .int()
      .min(0)
      .max(1_000_000_000)
      .nullable()
      .describe('Credits per period; null = unlimited (usage is still recorded).'),
    period: z.enum(CREDIT_PERIODS),
    resetAt: z.iso
      .datetime({ offset: true })
      .describe('When the current period ends and the allotment resets.'),
    autoTopUp: autoTopUpSchema,
  })
  .partial();
export type CreditsPatch = z.output<typeof creditsPatchSchema>;

export const topUpBodySchema = z.strictObject({
  credits: z.number().int().min(1).max(100_000_000),
  note: z.string().trim().max(500).optional().describe('E.g. the order number of the purchased pack.'),
});

export const creditsView = z.object({
  unlimited: z.boolean(),
  allotment: z.number().nullable(),
  period: z.enum(CREDIT_PERIODS),
  periodStart: z.string().nullable(),
  resetAt: z.string().nullable(),
  allotmentLeft: z.number().nullable(),
  purchasedLeft: z.number(),
  balance: z.number().nullable().describe('allotmentLeft + purchasedLeft; null when unlimited.'),
  usedThisPeriod: z.number(),
  autoTopUp: autoTopUpSchema,
  autoTopUpsThisPeriod: z.number(),
  topUps: z.array(
    z.object({
      id: z.string(),
      credits: z.number(),
      source: z.string(),
      note: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
});

export const usageQuerySchema = z.strictObject({
  from: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('Default: the start of the current period (or 30 days ago).'),
  to: z.iso.datetime({ offset: true }).optional().describe('Default: now.'),
});

const bucket = (key: string) => z.array(z.object({ [key]: z.string(), credits: z.number() }));
export const usageView = z.object({
  from: z.string(),
  to: z.string(),
  total: z.number(),
  byDay: bucket('day'),
  byChannel: bucket('channel'),
  byAgent: bucket('agentId'),
});
