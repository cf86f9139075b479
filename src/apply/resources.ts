import { z } from 'zod';
import { agentFields, agentSettingsFields } from '../agents/model.ts';

/**
 * Configuration as code (A5): a list of resources `{kind, spec}` — the spec is exactly what
 * the API takes for that kind. Files hold them as YAML (several documents, or a list) or
 * JSON. Actions and flows also name their `agent` and desired `status`.
 */
export const RESOURCE_KINDS = [
  'Agent',
  'Connection',
  'Action',
  'Flow',
  'Faq',
  'Document',
  'Channel',
  'Team',
  'Deployment',
  'RoutingRule',
] as const;

const agentRef = z.string().trim().min(1).describe('The name of the agent the action or flow belongs to.');
const status = z.enum(['draft', 'published', 'unpublished']).default('published');

const spec = z.record(z.string(), z.unknown());

export const resourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('Agent'),
    spec: z.strictObject({
      name: agentFields.name,
      tone: agentFields.tone.optional(),
      greeting: agentFields.greeting.optional(),
      guidelines: agentFields.guidelines.optional(),
      languages: agentFields.languages.optional(),
      // Omitted: kept as they are. `model: null` switches to the built-in engine.
      ...agentSettingsFields,
    }),
  }),
  z.strictObject({ kind: z.literal('Connection'), spec: spec.and(z.object({ key: z.string() })) }),
  z.strictObject({ kind: z.literal('Action'), agent: agentRef, status, spec }),
  z.strictObject({ kind: z.literal('Flow'), agent: agentRef, status, spec }),
  // The bodies of POST …/knowledge/faqs and …/knowledge/documents; an FAQ is known by its question,
  // a document by its title.
  z.strictObject({
    kind: z.literal('Faq'),
    agent: agentRef,
    spec: z.strictObject({
      question: z.string().trim().min(3).max(500),
      answer: z.string().trim().min(1).max(10_000),
    }),
  }),
  z.strictObject({
    kind: z.literal('Document'),
    agent: agentRef,
    spec: z.strictObject({
      title: z.string().trim().max(200).optional(),
      filename: z.string().trim().max(255).optional(),
      contentType: z.string().min(3).max(100),
      content: z.string().optional(),
      contentBase64: z.string().optional(),
    }),
  }),
  // Who takes conversations (E1–E8): specs as the API takes them, with names for references.
  z.strictObject({
    kind: z.literal('Channel'),
    spec: spec.and(z.object({ name: z.string(), type: z.string() })),
  }),
  z.strictObject({ kind: z.literal('Team'), spec: spec.and(z.object({ name: z.string() })) }),
  z.strictObject({ kind: z.literal('Deployment'), spec }),
  z.strictObject({ kind: z.literal('RoutingRule'), spec: spec.and(z.object({ name: z.string() })) }),
]);
export type Resource = z.output<typeof resourceSchema>;

export const applyBodySchema = z.object({
  resources: z.array(resourceSchema).max(1000),
  dryRun: z.boolean().default(false),
});

export type ApplyOutcome = 'created' | 'updated' | 'unchanged';
export interface ApplyResult {
  kind: (typeof RESOURCE_KINDS)[number];
  name: string;
  result: ApplyOutcome;
}

/** Deep equality of JSON values, independent of key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  return stable(a) === stable(b);
}

function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stable(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}
