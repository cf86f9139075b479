import { z } from 'zod';
import { DELIVERY_STATES } from '../store/schema.ts';

/**
 * The inbox's API contract (spec §E8): the list's views and filters, a row, the transcript
 * and the people's commands. Importable by `web/` (Zod only, no server code).
 */
export const INBOX_VIEWS = ['agent', 'waiting', 'mine', 'unassigned', 'closed'] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

const id = z.string().trim().min(1).max(100);

export const listQuery = z.object({
  view: z
    .enum(INBOX_VIEWS)
    .default('waiting')
    .describe(
      'agent: open, with the agent; waiting: open, handed off (to a person, a team or the unassigned queue); mine: open, assigned to the caller; unassigned: open, no person has it (the unassigned queue or a team queue); closed.',
    ),
  channel: id.optional().describe('A channel type (custom, livechat, …) or a channel id.'),
  agentId: id.optional(),
  teamId: id.optional().describe('Owned by the team, or by one of its members.'),
  userId: id
    .optional()
    .describe(
      'For view=mine with an API key: whose conversations (a signed-in person defaults to themselves).',
    ),
  cursor: z.string().max(500).optional().describe('The `nextCursor` of the previous page.'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type ListQuery = z.infer<typeof listQuery>;

const ownerView = z.object({
  type: z.enum(['agent', 'user', 'team', 'unassigned']),
  id: z.string().nullable(),
  name: z.string().nullable(),
});

export const inboxRow = z.object({
  id: z.string(),
  status: z.enum(['open', 'closed']),
  contact: z.object({
    id: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
  }),
  channel: z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() }),
  agent: z.object({ id: z.string(), name: z.string() }),
  owner: ownerView,
  lastMessage: z
    .object({ role: z.enum(['customer', 'agent', 'human', 'system']), preview: z.string(), at: z.string() })
    .nullable(),
  handoffReason: z.string().nullable(),
  lastActivityAt: z.string(),
  createdAt: z.string(),
});
export type InboxRow = z.infer<typeof inboxRow>;

export const listResponse = z.object({ conversations: z.array(inboxRow), nextCursor: z.string().nullable() });

const delivery = z.object({
  state: z.enum(DELIVERY_STATES),
  attempts: z.number(),
  error: z.string().nullable(),
  deliveredAt: z.string().nullable(),
});

/** One line of the transcript: a message, an action the agent ran, or an internal note. */
export const transcriptItem = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('message'),
    id: z.string(),
    role: z.enum(['customer', 'agent', 'human', 'system']),
    text: z.string(),
    author: z.object({ id: z.string(), name: z.string() }).nullable(),
    delivery: delivery.nullable(),
    at: z.string(),
  }),
  z.object({
    type: z.literal('action'),
    /** The customer message whose turn ran it. */
    messageId: z.string(),
    skill: z.object({ key: z.string(), type: z.string(), kind: z.string() }),
    ok: z.boolean(),
    inputs: z.record(z.string(), z.unknown()),
    outputs: z.record(z.string(), z.unknown()),
    status: z.number().nullable(),
    error: z.string().nullable(),
    at: z.string(),
  }),
  z.object({
    type: z.literal('note'),
    id: z.string(),
    text: z.string(),
    author: z.object({ id: z.string(), name: z.string() }).nullable(),
    at: z.string(),
  }),
]);
export type TranscriptItem = z.infer<typeof transcriptItem>;

export const conversationView = inboxRow.extend({
  handoff: z
    .object({
      reason: z.string(),
      summary: z.string(),
      at: z.string(),
      resolvedAt: z.string().nullable(),
    })
    .nullable(),
  transcript: z.array(transcriptItem),
  closedAt: z.string().nullable(),
});
export type InboxConversation = z.infer<typeof conversationView>;

const text = z.string().trim().min(1).max(4000);
const actingUser = id
  .optional()
  .describe('With an API key: the user who writes (a signed-in person always writes as themselves).');

export const replyBody = z.object({ text, userId: actingUser });
export const noteBody = z.object({ text, userId: actingUser });
export const assignBody = z
  .object({ userId: id.optional(), teamId: id.optional() })
  .superRefine((b, ctx) => {
    if ((b.userId === undefined) === (b.teamId === undefined))
      ctx.addIssue({ code: 'custom', path: ['userId'], message: 'Give exactly one of userId or teamId.' });
  })
  .describe('A person (userId), or a team (teamId: its next member by round robin).');

export const ownerResponse = z.object({ status: z.enum(['open', 'closed']), owner: ownerView });
export const replyResponse = ownerResponse.extend({ messageId: z.string() });
export const noteResponse = z.object({ id: z.string(), text: z.string(), at: z.string() });

/** The events the live stream sends (named SSE events), besides `ready`. */
export const INBOX_EVENT_NAMES = [
  'message.received',
  'message.processed',
  'message.sent',
  'delivery.failed',
  'conversation.handed_off',
  'conversation.assigned',
  'conversation.handed_back',
  'conversation.closed',
  'note.added',
] as const;
