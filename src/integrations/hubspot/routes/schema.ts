import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../context.ts';
import { principalOf } from '../../../server/plugins/auth.ts';
import { discoverSchema, getObject, listObjects, searchSchema } from '../schema.ts';

const property = z.object({
  name: z.string(),
  label: z.string(),
  type: z.string(),
  fieldType: z.string(),
  description: z.string(),
  options: z.array(z.string()),
  readOnly: z.boolean(),
  unique: z.boolean(),
});
const objectSummary = z.object({
  name: z.string(),
  objectTypeId: z.string(),
  label: z.string(),
  custom: z.boolean(),
  propertyCount: z.number(),
});

/** Schema (spec §D6): discover, browse and search the account's objects and properties. */
export async function hubspotSchemaRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['hubspot'];

  r.post(
    '/api/v1/integrations/hubspot/discover',
    {
      config: { scope: 'integrations:write' },
      schema: {
        tags,
        summary: "Discover the HubSpot account's objects and properties (custom objects when granted)",
        response: {
          200: z.object({
            objects: z.array(objectSummary),
            customObjects: z.enum(['discovered', 'not_granted']),
          }),
        },
      },
    },
    async (req) => discoverSchema(ctx, principalOf(req).accountId),
  );
  r.get(
    '/api/v1/integrations/hubspot/objects',
    {
      config: { scope: 'integrations:read' },
      schema: {
        tags,
        summary: 'The discovered objects',
        response: { 200: z.object({ objects: z.array(objectSummary) }) },
      },
    },
    async (req) => ({
      objects: (await listObjects(ctx, principalOf(req).accountId)).map(({ properties, ...o }) => ({
        ...o,
        propertyCount: properties.length,
      })),
    }),
  );
  r.get(
    '/api/v1/integrations/hubspot/objects/:object',
    {
      config: { scope: 'integrations:read' },
      schema: {
        tags,
        summary: 'One discovered object with its properties (by name, type id or label)',
        params: z.object({ object: z.string().min(1).max(200) }),
        response: {
          200: objectSummary.omit({ propertyCount: true }).extend({ properties: z.array(property) }),
        },
      },
    },
    async (req) => getObject(ctx, principalOf(req).accountId, req.params.object),
  );
  r.get(
    '/api/v1/integrations/hubspot/search',
    {
      config: { scope: 'integrations:read' },
      schema: {
        tags,
        summary: 'Search the discovered schema: objects and properties by name, label or description',
        querystring: z.object({
          q: z.string().trim().min(1).max(200),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: {
          200: z.object({
            results: z.array(
              z.object({
                object: z.string(),
                objectLabel: z.string(),
                property: z.string().nullable(),
                label: z.string(),
                type: z.string().nullable(),
                score: z.number(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => ({
      results: await searchSchema(ctx, principalOf(req).accountId, req.query.q, req.query.limit),
    }),
  );
}
