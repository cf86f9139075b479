import { z } from 'zod';

/**
 * The two binding grammars of spec §D5, as documented Zod schemas (they are also the
 * OpenAPI description of the binding routes):
 *
 * - `restSearch` (read): one object, filter groups (OR-ed) of filters (AND-ed) within
 *   HubSpot's limits (5 groups × 6 filters, 18 in all), at most one sort, a page of 1–200.
 *   "list-many" is a limit above 1, "multi-filter" several filters, "latest-sort" a sort on
 *   a date property DESCENDING with limit 1.
 * - `restWrite` (write): `create`, `update` (by record id) or `findOrCreate` (search on a
 *   match property, create only when nothing matches).
 *
 * Values are literals or `{input: name}`, a reference to one of the binding's inputs.
 * Property names are HubSpot internal names; they are checked against the discovered
 * schema (./validate.ts), so a binding never names a property the account lacks.
 */
export const LIMITS = { groups: 5, filtersPerGroup: 6, filters: 18, pageSize: 200 } as const;

const name = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, 'lower-case letters, digits and _, starting with a letter');
const propertyName = z.string().min(1).max(100).describe('A HubSpot internal property name, e.g. `email`.');

export const valueSource = z
  .union([z.string().max(1000), z.number(), z.boolean(), z.object({ input: name }).strict()])
  .describe('A literal value, or `{input: "<name>"}` for one of the binding inputs.');
export type ValueSource = z.infer<typeof valueSource>;

export const OPERATORS = [
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
  'NOT_CONTAINS_TOKEN',
] as const;

export const filterSchema = z
  .object({
    property: propertyName,
    operator: z.enum(OPERATORS),
    value: valueSource.optional(),
    values: z.array(valueSource).min(1).max(100).optional(),
    highValue: valueSource.optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    const need = (field: 'value' | 'values' | 'highValue', ok: boolean) => {
      if (!ok) ctx.addIssue({ code: 'custom', path: [field], message: `${f.operator} needs \`${field}\`` });
    };
    if (f.operator === 'BETWEEN') {
      need('value', f.value !== undefined);
      need('highValue', f.highValue !== undefined);
    } else if (f.operator === 'IN' || f.operator === 'NOT_IN') need('values', f.values !== undefined);
    else if (f.operator !== 'HAS_PROPERTY' && f.operator !== 'NOT_HAS_PROPERTY')
      need('value', f.value !== undefined);
  });

export const restSearchSchema = z
  .object({
    object: z.string().min(1).max(200).describe('Object name (`contacts`), type id (`2-123`) or label.'),
    filterGroups: z
      .array(z.object({ filters: z.array(filterSchema).min(1).max(LIMITS.filtersPerGroup) }).strict())
      .max(LIMITS.groups)
      .default([]),
    sorts: z
      .array(
        z
          .object({
            property: propertyName,
            direction: z.enum(['ASCENDING', 'DESCENDING']).default('DESCENDING'),
          })
          .strict(),
      )
      .max(1, 'HubSpot search takes one sort')
      .default([]),
    query: valueSource.optional().describe('Free-text query over the default searchable properties.'),
    properties: z.array(propertyName).max(100).default([]).describe('Properties to return.'),
    limit: z.number().int().min(1).max(LIMITS.pageSize).default(10),
  })
  .strict()
  .superRefine((s, ctx) => {
    const total = s.filterGroups.reduce((n, g) => n + g.filters.length, 0);
    if (total > LIMITS.filters) {
      ctx.addIssue({
        code: 'custom',
        path: ['filterGroups'],
        message: `${total} filters; HubSpot allows at most ${LIMITS.filters} in all`,
      });
    }
  });
export type RestSearch = z.infer<typeof restSearchSchema>;

export const restWriteSchema = z
  .object({
    object: z.string().min(1).max(200),
    operation: z.enum(['create', 'update', 'findOrCreate']),
    properties: z.record(propertyName, valueSource).describe('Values to write, by property.'),
    id: valueSource.optional().describe('update: the record id (usually `{input: "id"}`).'),
    match: z
      .object({ property: propertyName, value: valueSource })
      .strict()
      .optional()
      .describe('findOrCreate: the property that identifies an existing record.'),
  })
  .strict()
  .superRefine((w, ctx) => {
    if (w.operation === 'update' && w.id === undefined)
      ctx.addIssue({ code: 'custom', path: ['id'], message: 'update needs `id`' });
    if (w.operation === 'findOrCreate' && !w.match)
      ctx.addIssue({ code: 'custom', path: ['match'], message: 'findOrCreate needs `match`' });
    if (w.operation === 'create' && Object.keys(w.properties).length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['properties'],
        message: 'a create writes at least one property',
      });
    }
  });
export type RestWrite = z.infer<typeof restWriteSchema>;

export const INPUT_TYPES = ['string', 'number', 'boolean', 'date', 'email', 'phone'] as const;

export const bindingInputSchema = z
  .object({
    name,
    type: z.enum(INPUT_TYPES).default('string'),
    required: z.boolean().default(true),
    description: z.string().max(500).default(''),
  })
  .strict();
export type BindingInput = z.infer<typeof bindingInputSchema>;

export const bindingSchema = z
  .object({
    key: name.describe('Unique per agent; the skill key.'),
    name: z.string().trim().min(1).max(120),
    description: z.string().max(1000).default(''),
    inputs: z.array(bindingInputSchema).max(20).default([]),
    restSearch: restSearchSchema.optional(),
    restWrite: restWriteSchema.optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if ((b.restSearch === undefined) === (b.restWrite === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'a binding has exactly one of `restSearch` or `restWrite`',
      });
    }
    const names = b.inputs.map((i) => i.name);
    names.forEach((n, i) => {
      if (names.indexOf(n) !== i)
        ctx.addIssue({ code: 'custom', path: ['inputs', i, 'name'], message: `duplicate input ${n}` });
    });
  });
export type Binding = z.infer<typeof bindingSchema>;

export const bindingKind = (b: Binding): 'read' | 'write' => (b.restWrite ? 'write' : 'read');
