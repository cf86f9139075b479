import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** The one error format (A6), as JSON Schema; every operation documents it for 4XX and 5XX. */
export const ERROR_RESPONSE_SCHEMA = {
  type: 'object',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      additionalProperties: false,
      properties: {
        code: { type: 'string', description: 'Machine-readable, e.g. invalid, not_found, rate_limited.' },
        message: { type: 'string' },
        details: {
          type: 'array',
          items: {
            type: 'object',
            required: ['path', 'message'],
            additionalProperties: false,
            properties: {
              path: {
                type: 'string',
                description: 'Offending field, e.g. inputs[2].type; "" for the whole input.',
              },
              message: { type: 'string' },
            },
          },
        },
      },
    },
  },
} as const;

const JSON_VALUE = { description: 'Any JSON value.' };
const SCHEMA_REF = '#/components/schemas/';

type Transform = typeof jsonSchemaTransform;

/**
 * The Zod transform, then the responses every route shares, added here once rather than in
 * each route file: the error format for 4XX and 5XX, and an explicit 204 for routes whose
 * success has no body.
 */
const transform: Transform = (input) => {
  const out = jsonSchemaTransform(input);
  const schema = out.schema as { response?: Record<string, unknown>; hide?: boolean };
  const response = { ...schema.response };
  // Routes without a success schema answer 204 (deletions, commands such as a handback).
  if (!Object.keys(response).some((status) => status.startsWith('2'))) {
    response['204'] = { type: 'null', description: 'Done; no content.' };
  }
  response['4XX'] = { ...ERROR_RESPONSE_SCHEMA, description: 'The request was refused (see error.code).' };
  response['5XX'] = { ...ERROR_RESPONSE_SCHEMA, description: 'The server or an upstream API failed.' };
  return { ...out, schema: { ...schema, response } };
};

/**
 * Recursive Zod schemas (`z.json()`) come out of the transform as `$ref`s to components
 * (`schema0`, …) that the per-route transform never emits; they all stand for "any JSON
 * value", so they are pointed at one `JsonValue` component.
 */
export function fixDanglingRefs(doc: Record<string, unknown>): Record<string, unknown> {
  const components = (doc['components'] ?? {}) as { schemas?: Record<string, unknown> };
  const schemas: Record<string, unknown> = { ...components.schemas, JsonValue: JSON_VALUE };
  const text = JSON.stringify(doc, (key, value) => {
    if (key === '$ref' && typeof value === 'string' && value.startsWith(SCHEMA_REF)) {
      return value.slice(SCHEMA_REF.length) in schemas ? value : `${SCHEMA_REF}JsonValue`;
    }
    return value;
  });
  const fixed = JSON.parse(text) as Record<string, unknown>;
  return { ...fixed, components: { ...components, schemas } };
}

/** OpenAPI 3.1 generated from the routes' Zod schemas; rendered docs at /docs. */
export const openapiPlugin = fp(async (app: FastifyInstance, opts: { publicUrl?: string | undefined }) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Frontdesk API',
        version: '1',
        description:
          'Self-hosted AI customer agent. Authenticate with `Authorization: Bearer <API key>`. ' +
          'Errors: `{"error":{"code","message","details":[{"path","message"}]}}`.',
      },
      // Paths carry their /api/v1 prefix, so the server is the origin (FRONTDESK_PUBLIC_URL
      // when set, else the origin the document was fetched from).
      servers: [{ url: opts.publicUrl?.replace(/\/+$/, '') || '/' }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    transformSpecification: (spec) => fixDanglingRefs(spec as Record<string, unknown>),
  });
  let document: Record<string, unknown> | undefined;
  app.get('/api/v1/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => {
    document ??= fixDanglingRefs(app.swagger() as unknown as Record<string, unknown>);
    return document;
  });
});
