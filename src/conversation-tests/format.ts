import { z } from 'zod';
import { caseInsensitiveFinder } from '../shared/linear-regex.ts';

/**
 * Conversation tests as data: a YAML file of scripted conversations with one agent — what
 * the customer says and what must happen (reply text, state, which action ran with which
 * inputs, handoff, citation). Shorthands (`reply: text`, `action: key`, `handoff: reason`)
 * are expanded before the strict checks, so a mistyped key is reported at its own path.
 */
export const CONVERSATION_STATES = [
  'bot',
  'awaiting_input',
  'awaiting_confirmation',
  'handed_off',
  'closed',
] as const;

const text = z.string().min(1, 'must not be empty');
const oneOrMore = z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(text).min(1));
const regex = text.refine((s) => {
  try {
    caseInsensitiveFinder(s);
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression (RE2 syntax: no backreferences or lookaround)');

/** `reply: some words` means the reply contains those words; both ignore case. */
const textMatch = z.preprocess(
  (v) => (typeof v === 'string' ? { contains: v } : v),
  z
    .strictObject({
      contains: oneOrMore.optional().describe('Each must appear in the reply (ignoring case).'),
      notContains: oneOrMore.optional().describe('None may appear in the reply (ignoring case).'),
      matches: regex.optional().describe('A regular expression the reply must match (ignoring case).'),
    })
    .refine((m) => m.contains || m.notContains || m.matches, 'give contains, notContains or matches'),
);
export type TextMatch = z.output<typeof textMatch>;

const action = z.preprocess(
  (v) => (typeof v === 'string' ? { key: v } : v),
  z.strictObject({
    key: text.describe('The action (or flow) key.'),
    inputs: z.record(z.string(), z.unknown()).optional().describe('Inputs it ran with (a subset).'),
    outputs: z.record(z.string(), z.unknown()).optional().describe('Outputs it returned (a subset).'),
    ok: z.boolean().optional().describe('Whether the call succeeded.'),
  }),
);

const handoff = z.preprocess(
  (v) => (v === true ? {} : typeof v === 'string' ? { reason: v } : v),
  z.strictObject({
    reason: text
      .optional()
      .describe('e.g. customer_request, repeated_failure, action_failed, topic (or topic:<topic>).'),
    summary: textMatch.optional().describe("The summary a person sees (from the conversation's handoffs)."),
  }),
);

const citation = z.preprocess(
  (v) => (v === true ? {} : typeof v === 'string' ? { source: v } : v),
  z.strictObject({ source: text.optional().describe('Words the cited source must contain.') }),
);

export const expectationSchema = z
  .strictObject({
    reply: textMatch.optional(),
    noReply: z.literal(true).optional().describe('The agent says nothing (e.g. while a person has it).'),
    state: z.enum(CONVERSATION_STATES).optional(),
    route: text.optional().describe('The action this turn is about, or "none".'),
    action: action.optional().describe('An action ran in this turn.'),
    noAction: z.literal(true).optional().describe('No action ran in this turn.'),
    gate: z.enum(['confirmation', 'identity']).optional(),
    handoff: handoff.optional().describe('This turn handed the conversation to a person.'),
    noHandoff: z.literal(true).optional(),
    citation: citation.optional().describe('The reply answers from content and cites it.'),
  })
  .superRefine((e, ctx) => {
    const both = (a: keyof typeof e, b: keyof typeof e) => {
      if (e[a] !== undefined && e[b] !== undefined)
        ctx.addIssue({ code: 'custom', path: [b], message: `cannot be combined with ${a}` });
    };
    both('action', 'noAction');
    both('handoff', 'noHandoff');
    both('reply', 'noReply');
  });
export type Expectation = z.output<typeof expectationSchema>;

const turnSchema = z
  .strictObject({
    customer: text.optional().describe("The customer's message."),
    clientMessageId: text.optional().describe('Sent with the message; repeat it to test a retried turn.'),
    expect: expectationSchema.optional(),
    handback: z.literal(true).optional().describe('A person hands the conversation back to the agent.'),
  })
  .superRefine((t, ctx) => {
    if ((t.customer === undefined) === (t.handback === undefined))
      ctx.addIssue({ code: 'custom', path: [], message: 'a turn has either customer or handback' });
    if (t.handback && (t.expect || t.clientMessageId))
      ctx.addIssue({
        code: 'custom',
        path: ['handback'],
        message: 'a handback has no expect or clientMessageId',
      });
  });
export type TurnSpec = z.output<typeof turnSchema>;

const contactSchema = z.strictObject({
  name: text.optional(),
  email: text.optional(),
  phone: text.optional(),
  timeZone: text.optional(),
  verified: z.array(z.enum(['email', 'phone', 'widget'])).optional(),
});
export type ContactSpec = z.output<typeof contactSchema>;

const testSchema = z.strictObject({
  name: text,
  draft: z.boolean().optional().describe('Preview conversation: draft actions may run (C7).'),
  contact: contactSchema.optional().describe("Replaces the file's contact for this test."),
  turns: z.array(turnSchema).min(1),
});
export type TestSpec = z.output<typeof testSchema>;

export const testFileSchema = z
  .strictObject({
    agent: text.describe('The agent under test: its name or id.'),
    server: z
      .strictObject({ smtp: z.boolean().optional() })
      .optional()
      .describe('How the server must be configured for this file (smtp: one-time codes can be mailed).'),
    setup: z
      .strictObject({
        apply: oneOrMore
          .optional()
          .describe('Config files applied first (relative to this file), with env references filled in.'),
        handoff: z
          .strictObject({
            topics: z.array(text).optional(),
            maxFailures: z.number().int().optional(),
            assignTo: text.optional(),
          })
          .optional()
          .describe("Set as the agent's handoff settings before the tests run."),
      })
      .optional(),
    draft: z.boolean().default(false),
    contact: contactSchema.optional().describe('The contact of every test unless a test gives its own.'),
    tests: z.array(testSchema).min(1),
  })
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.tests.forEach((t, i) => {
      if (seen.has(t.name))
        ctx.addIssue({ code: 'custom', path: ['tests', i, 'name'], message: `"${t.name}" is used twice` });
      seen.add(t.name);
    });
  });
export type TestFile = z.output<typeof testFileSchema>;
