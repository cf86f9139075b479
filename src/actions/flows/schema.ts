import { z } from 'zod';
import { ACTION_KEY, FIELD_NAME, inputSchema, MAX_INPUTS, MAX_OUTPUTS } from '../definition/schema.ts';

/**
 * An action flow (B10): a named series of action steps. Each step maps the inputs of its
 * action from the flow's inputs (`{{email}}`), earlier steps' outputs
 * (`{{steps.0.order_id}}` by 0-based index, or `{{steps.lookup.order_id}}` by step key) or
 * literals. A string that is exactly one placeholder keeps the value's type.
 */
export const MAX_STEPS = 20;
export const STEP_KEY = /^[a-z][a-z0-9_]{0,63}$/;

export const flowStepSchema = z.strictObject({
  key: z.string().regex(STEP_KEY, 'Use a-z, 0-9 and _, starting with a letter.').optional(),
  action: z.string().regex(ACTION_KEY, 'Not an action key.'),
  inputs: z.record(z.string(), z.json()).default({}),
});
export type FlowStep = z.output<typeof flowStepSchema>;

export const flowOutputSchema = z.strictObject({
  name: z.string().regex(FIELD_NAME, 'Use letters, digits and _, starting with a letter (at most 64).'),
  /** One placeholder: `{{steps.<step>.<output>}}` or a flow input. */
  value: z.string().min(1).max(300),
  description: z.string().max(1000).default(''),
});

export const flowDefinitionSchema = z.strictObject({
  key: z.string().regex(ACTION_KEY, 'Use a-z, 0-9 and _, starting with a letter (at most 64).'),
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().min(1).max(2000),
  triggers: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
  inputs: z.array(inputSchema).max(MAX_INPUTS).default([]),
  steps: z.array(flowStepSchema).min(1).max(MAX_STEPS),
  /** The flow's outputs; when absent, the last step's outputs. */
  outputs: z.array(flowOutputSchema).max(MAX_OUTPUTS).optional(),
  responseInstructions: z.string().max(5000).default(''),
  responseTemplate: z.string().max(5000).optional(),
  requiresVerifiedIdentity: z.boolean().default(false),
});
export type FlowDefinition = z.output<typeof flowDefinitionSchema>;
export type FlowDefinitionInput = z.input<typeof flowDefinitionSchema>;
