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

export const agentCreateSchema = z.object({
  name: agentFields.name,
  tone: agentFields.tone.default('friendly and concise'),
  greeting: agentFields.greeting.default('Hi! How can I help you today?'),
  guidelines: agentFields.guidelines.default([]),
  languages: agentFields.languages.default(['en']),
});

export const agentPatchSchema = z
  .object(agentFields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'at least one field is required');

export const agentSchema = z.object({
  id: z.string(),
  name: z.string(),
  tone: z.string(),
  greeting: z.string(),
  guidelines: z.array(z.string()),
  languages: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export type AgentCreate = z.infer<typeof agentCreateSchema>;
export type AgentPatch = z.infer<typeof agentPatchSchema>;
export type Agent = z.infer<typeof agentSchema>;
