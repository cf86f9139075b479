import { z } from 'zod';
import { hoursSchema } from './hours.ts';

/**
 * API contract of deployments, the switch and routing rules. References to agents, teams,
 * users and channels accept an id or a name (email for users), so config files can use
 * names; they are stored as ids.
 */
const message = z
  .string()
  .trim()
  .min(1)
  .max(2000)
  .optional()
  .describe('Sent to the customer when the conversation goes this way.');
const ref = z.string().trim().min(1).max(200);

/** Where a new conversation goes when the deployment's agent is not available (E3). */
export const whenUnavailableSchema = z.discriminatedUnion('assignTo', [
  z.strictObject({ assignTo: z.literal('unassigned'), message }),
  z.strictObject({ assignTo: z.literal('team'), teamId: ref.describe('Team id or name.'), message }),
  z.strictObject({ assignTo: z.literal('user'), userId: ref.describe('User id or email.'), message }),
]);
export type WhenUnavailable = z.output<typeof whenUnavailableSchema>;

/** Who a routing rule sends a matching conversation to (E7). */
export const ruleTargetSchema = z.discriminatedUnion('assignTo', [
  z.strictObject({ assignTo: z.literal('agent'), agentId: ref.describe('Agent id or name.') }),
  z.strictObject({ assignTo: z.literal('team'), teamId: ref }),
  z.strictObject({ assignTo: z.literal('user'), userId: ref }),
  z.strictObject({ assignTo: z.literal('unassigned') }),
]);
export type RuleTarget = z.output<typeof ruleTargetSchema>;

export const deploymentBodySchema = z.strictObject({
  agentId: ref.describe('Agent id or name.'),
  channelId: ref.describe('Channel id or name.'),
  hours: hoursSchema.default({ mode: 'all' }),
  whenUnavailable: whenUnavailableSchema.default({ assignTo: 'unassigned' }),
});
export type DeploymentInput = z.input<typeof deploymentBodySchema>;

export const deploymentPatchSchema = z.strictObject({
  agentId: ref.optional(),
  hours: hoursSchema.optional(),
  whenUnavailable: whenUnavailableSchema.optional(),
});

export const deploymentView = z.object({
  id: z.string(),
  agentId: z.string(),
  channelId: z.string(),
  channel: z.object({ name: z.string(), type: z.string() }),
  hours: z.record(z.string(), z.unknown()),
  whenUnavailable: z.record(z.string(), z.unknown()),
  handoff: z
    .object({ settings: z.record(z.string(), z.unknown()), editAt: z.string() })
    .describe("The agent's handoff settings (C6) this deployment follows, and where to change them."),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const routingRuleBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  condition: z
    .unknown()
    .refine((v) => v !== undefined, 'required')
    .describe('A JsonLogic condition over contact.* and conversation.* (see README).'),
  target: ruleTargetSchema,
  message: message.nullable().describe('Sent to the customer when the rule matches; null clears it.'),
  enabled: z.boolean().default(true),
  position: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('0-based place in the evaluation order; default last.'),
});
export type RoutingRuleInput = z.input<typeof routingRuleBodySchema>;

export const routingRulePatchSchema = routingRuleBodySchema.partial();

export const routingRuleView = z.object({
  id: z.string(),
  name: z.string(),
  position: z.number(),
  enabled: z.boolean(),
  condition: z.unknown(),
  target: z.record(z.string(), z.unknown()),
  message: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
