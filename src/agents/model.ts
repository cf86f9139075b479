import { z } from 'zod';

/** An agent's identity and guidelines (spec §C1). */
export const agentFields = {
  name: z.string().trim().min(1).max(120).describe('Shown to customers, e.g. "Ava from Acme".'),
  tone: z.string().trim().max(200).describe('How the agent sounds, e.g. "friendly and concise".'),
  greeting: z.string().trim().max(1000).describe('First message of a new conversation.'),
  guidelines: z
    .array(z.string().trim().min(1).max(1000))
    .max(100)
    .describe('Rules the agent must follow, e.g. "never promise refunds".'),
  languages: z
    .array(z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must be a language tag such as en or pt-BR'))
    .min(1)
    .max(20)
    .describe('Languages the agent answers in (BCP 47 tags).'),
};

/** Handoff rules (C6): topics that always go to a person, failures tolerated, where it goes. */
export const handoffSettingsSchema = z.strictObject({
  topics: z.array(z.string().trim().min(2).max(100)).max(100).default([]),
  maxFailures: z.number().int().min(1).max(10).default(2),
  assignTo: z
    .string()
    .regex(/^(unassigned|team:[\w .-]{1,64}|user:[\w.@-]{1,128})$/, 'unassigned, team:<name> or user:<id>')
    .default('unassigned'),
});
export type HandoffSettings = z.output<typeof handoffSettingsSchema>;

/** The LLM engine (C3); absent means the built-in engine. The API key is write-only. */
export const modelSettingsSchema = z
  .strictObject({
    provider: z.enum(['openai', 'anthropic', 'openai-compatible']),
    model: z.string().trim().min(1).max(200),
    // Checked when saved, so a bad setting is a 422 now rather than a failure on every
    // later message: http(s) only, no credentials in the URL (they would be logged).
    baseUrl: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .max(2000)
      .refine((u) => !/^[a-z]+:\/\/[^/]*@/i.test(u), 'must not contain credentials; use apiKey')
      .optional(),
    apiKey: z.string().min(1).max(500).optional(),
    temperature: z.number().min(0).max(2).optional(),
  })
  .refine((m) => m.provider !== 'openai-compatible' || m.baseUrl !== undefined, {
    path: ['baseUrl'],
    message: 'an openai-compatible provider needs a baseUrl',
  });

export const agentSettingsFields = {
  handoff: handoffSettingsSchema.optional(),
  model: modelSettingsSchema.nullable().optional(),
};

export const agentCreateSchema = z.object({
  name: agentFields.name,
  tone: agentFields.tone.default('friendly and concise'),
  greeting: agentFields.greeting.default('Hi! How can I help you today?'),
  guidelines: agentFields.guidelines.default([]),
  languages: agentFields.languages.default(['en']),
  ...agentSettingsFields,
});

export const agentPatchSchema = z
  .object({ ...agentFields, ...agentSettingsFields })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'at least one field is required');

export const agentSchema = z.object({
  id: z.string(),
  name: z.string(),
  tone: z.string(),
  greeting: z.string(),
  guidelines: z.array(z.string()),
  languages: z.array(z.string()),
  handoff: handoffSettingsSchema,
  model: z
    .object({
      provider: z.string(),
      model: z.string(),
      baseUrl: z.string().optional(),
      temperature: z.number().optional(),
      apiKeySet: z.boolean(),
    })
    .nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export type AgentCreate = z.infer<typeof agentCreateSchema>;
export type AgentPatch = z.infer<typeof agentPatchSchema>;
export type Agent = z.infer<typeof agentSchema>;
