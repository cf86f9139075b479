import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../context.ts';
import { principalOf } from '../../../server/plugins/auth.ts';
import { publicBaseUrl } from '../../../server/public-url.ts';
import { requireBrowserSession } from '../browser-session.ts';
import { completeConnect, connectionStatus, disconnect, startConnect } from '../connection.ts';
import { EXTRA_SCOPES } from '../scopes.ts';

export const CALLBACK_PATH = '/integrations/hubspot/callback';

const statusSchema = z.object({
  status: z.enum(['not_connected', 'connected', 'reconnect_needed']),
  hubId: z.string().nullable(),
  scopes: z.array(z.string()).describe('The scopes HubSpot granted.'),
  connectedAt: z.string().nullable(),
  accessExpiresAt: z.string().nullable(),
  lastError: z.string().nullable(),
});

const redirectUri = (ctx: AppContext, req: FastifyRequest) => `${publicBaseUrl(ctx, req)}${CALLBACK_PATH}`;

const page = (title: string, text: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p><p><a href="/">Back to Frontdesk</a></p></body></html>`;

/** Connect (spec §D1): start the OAuth consent, the browser-only callback, status, disconnect. */
export async function hubspotConnectRoutes(
  app: FastifyInstance,
  { ctx }: { ctx: AppContext },
): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['hubspot'];

  r.post(
    '/api/v1/integrations/hubspot/connect',
    {
      config: { scope: 'integrations:connect' },
      schema: {
        tags,
        summary: 'Start connecting HubSpot: returns the consent URL to open in a signed-in browser',
        body: z
          .object({
            customObjects: z
              .boolean()
              .default(false)
              .describe('Also ask for the custom-object scopes (only when a binding needs a custom object).'),
            extraScopes: z
              .array(z.enum(EXTRA_SCOPES))
              .max(EXTRA_SCOPES.length)
              .default([])
              .describe('Further scopes a binding needs beyond the pack (e.g. writing companies).'),
          })
          .default({ customObjects: false, extraScopes: [] }),
        response: {
          200: z.object({ oauthUrl: z.string(), scopes: z.array(z.string()), expiresAt: z.string() }),
        },
      },
    },
    async (req) =>
      startConnect(ctx, principalOf(req), {
        redirectUri: redirectUri(ctx, req),
        customObjects: req.body.customObjects,
      }),
  );

  r.get(
    '/api/v1/integrations/hubspot/connection',
    {
      config: { scope: 'integrations:read' },
      schema: {
        tags,
        summary: 'The HubSpot connection: status (reconnect needed?), hub id, granted scopes',
        response: { 200: statusSchema },
      },
    },
    async (req) => connectionStatus(ctx, principalOf(req).accountId),
  );

  r.delete(
    '/api/v1/integrations/hubspot/connection',
    {
      config: { scope: 'integrations:connect' },
      schema: { tags, summary: 'Disconnect HubSpot (forgets the tokens)' },
    },
    async (req, reply) => {
      await disconnect(ctx, principalOf(req).accountId);
      return reply.status(204).send();
    },
  );

  r.get(
    CALLBACK_PATH,
    {
      schema: {
        hide: true,
        querystring: z.object({
          code: z.string().max(1000).optional(),
          state: z.string().max(200).optional(),
          error: z.string().max(200).optional(),
        }),
      },
    },
    async (req, reply) => {
      const session = requireBrowserSession(req);
      const status = await completeConnect(ctx, session, req.query);
      return reply
        .type('text/html; charset=utf-8')
        .send(
          page(
            'HubSpot connected',
            `Frontdesk can now use HubSpot account ${status.hubId} (${status.scopes.length} scopes granted).`,
          ),
        );
    },
  );
}
