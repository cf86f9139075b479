import { z } from 'zod';
import { CONNECTION_KEY } from '../../connections/definition.ts';

/**
 * The action model (B1–B7): the one schema behind the API, config files (`apply -f`) and,
 * through `actionInputsJsonSchema`, the LLM tool schema. Shape checks live here; the checks
 * that relate fields (placeholders name inputs, defaults fit their type, …) are in
 * `validate.ts`.
 *
 * Array inputs are written `{"type": "array", "items": "integer"}` (as in JSON Schema).
 */
export const SCALAR_TYPES = ['string', 'integer', 'decimal', 'boolean', 'date', 'datetime'] as const;
export type ScalarType = (typeof SCALAR_TYPES)[number];
export const INPUT_TYPES = [...SCALAR_TYPES, 'array'] as const;
export const INPUT_FORMATS = ['email', 'phone', 'url'] as const;
export const INPUT_SOURCES = ['customer', 'context'] as const;
export const HTTP_METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export const MAX_INPUTS = 100;
export const MAX_OUTPUTS = 100;
export const MAX_QUERY_PARAMS = 50;
export const MAX_HEADERS = 50;

export const ACTION_KEY = /^[a-z][a-z0-9_]{0,63}$/;
/** Input and output names are placeholder names: identifiers. */
export const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
/** A conversation context field such as `contact.email`. */
export const CONTEXT_FIELD = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;

const key = z.string().regex(ACTION_KEY, 'Use a-z, 0-9 and _, starting with a letter (at most 64).');
const fieldName = z
  .string()
  .regex(
    FIELD_NAME,
    'Use letters, digits and _, starting with a letter (at most 64); it is a placeholder name.',
  );

export const inputSchema = z.strictObject({
  name: fieldName,
  type: z.enum(INPUT_TYPES),
  /**
   * What the customer hears the value called ("order number"); when absent, `inputLabel` makes one
   * from the name (`orderNumber`, `order_no` → "order number"). Kept only when set, so an exported
   * file shows what the author wrote.
   */
  label: z.string().trim().min(1).max(100).optional(),
  /** The element type of an array input. */
  items: z.enum(SCALAR_TYPES).optional(),
  /** How to ask for the value and what format it has; shown to the customer and the model. */
  instructions: z.string().max(2000).default(''),
  required: z.boolean().default(true),
  /** Used when an optional input is not given; must fit the type and rules. */
  default: z.json().optional(),
  format: z.enum(INPUT_FORMATS).optional(),
  enum: z
    .array(z.union([z.string(), z.number(), z.boolean()]))
    .min(1)
    .max(500)
    .optional(),
  /** A regular expression (JavaScript, `u` flag) the whole value must match. */
  pattern: z.string().min(1).max(500).optional(),
  /** `customer`: asked in the conversation; `context`: taken from `contextField`. */
  source: z.enum(INPUT_SOURCES).default('customer'),
  contextField: z.string().regex(CONTEXT_FIELD, 'Name a context field such as contact.email.').optional(),
  /** Masked in the integration log. */
  sensitive: z.boolean().default(false),
});
export type InputDefinition = z.output<typeof inputSchema>;

export const requestSchema = z.strictObject({
  method: z.enum(HTTP_METHODS),
  /** Absolute https URL; placeholders allowed in the path and query only. */
  url: z.string().min(1).max(2048),
  query: z.record(z.string().min(1).max(256), z.string().max(2048)).default({}),
  headers: z.record(z.string().min(1).max(256), z.string().max(4096)).default({}),
  /** The JSON body template; a string that is exactly "{{name}}" becomes the typed value. */
  body: z.json().optional(),
  /** Key of the connection that authenticates the call; none when absent. */
  connection: z.string().regex(CONNECTION_KEY, 'Not a connection key.').optional(),
});
export type RequestDefinition = z.output<typeof requestSchema>;

export const outputSchema = z.strictObject({
  name: fieldName,
  /** JSONPath into the response (see json-path.ts for the supported subset). */
  path: z.string().min(1).max(512),
  description: z.string().max(1000).default(''),
});
export type OutputDefinition = z.output<typeof outputSchema>;

export const actionDefinitionSchema = z.strictObject({
  key,
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().min(1).max(2000),
  triggers: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
  kind: z.enum(['read', 'write']),
  inputs: z.array(inputSchema).max(MAX_INPUTS).default([]),
  request: requestSchema,
  outputs: z.array(outputSchema).max(MAX_OUTPUTS).default([]),
  /** What from the outputs to include or leave out; for the LLM engine. */
  responseInstructions: z.string().max(5000).default(''),
  /** The built-in engine's answer: `{{output}}` and `{{#if output}}…{{else}}…{{/if}}`. */
  responseTemplate: z.string().max(5000).optional(),
  requiresVerifiedIdentity: z.boolean().default(false),
});
export type ActionDefinition = z.output<typeof actionDefinitionSchema>;
export type ActionDefinitionInput = z.input<typeof actionDefinitionSchema>;

/** The definition as JSON Schema (for OpenAPI and editors), from the same Zod schema. */
export function actionDefinitionJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(actionDefinitionSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
}
