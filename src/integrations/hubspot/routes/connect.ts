import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessionFromRequest } from '../../../access/session-auth.ts';
import type { AppContext } from '../../../context.ts';
import { principalOf } from '../../../server/plugins/auth.ts';
import { AppError } from '../../../shared/errors.ts';
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

const redirectUri = (ctx: AppContext, req: FastifyRequest) =>
  `${(ctx.config.publicUrl ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '')}${CALLBACK_PATH}`;

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The session cookie is SameSite=Strict, so the browser leaves it off the redirect from
 * HubSpot (another site). One hop through a page of our own — a navigation this site starts
 * — brings it back: the page sends the same code and state to the callback again.
 */
const hopPage = (query: Record<string, string | undefined>) => {
  const fields = Object.entries({ ...query, hop: '1' })
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v!)}">`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Finish connecting HubSpot</title></head><body><main><h1>Finish connecting HubSpot</h1><form method="get" action="${CALLBACK_PATH}">${fields}<button type="submit" autofocus>Finish connecting</button></form></main></body></html>`;
};

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
          hop: z.literal('1').optional().describe('Set by our own hop page (SameSite cookies).'),
        }),
      },
    },
    async (req, reply) => {
      // Outside /api/v1 the auth hook does not run: the browser's session cookie is read here.
      req.principal ??= await sessionFromRequest(ctx.db, req);
      if (!req.principal && !req.headers.authorization && !req.query.hop)
        return reply.type('text/html; charset=utf-8').send(hopPage(req.query));
      const session = requireBrowserSession(req);
      const { hop: _hop, ...query } = req.query;
      try {
        await completeConnect(ctx, session, query);
      } catch (e) {
        // Back to the web app's HubSpot screen, which says what went wrong.
        if (e instanceof AppError && e.kind !== 'internal')
          return reply.redirect(`/#/hubspot?error=${encodeURIComponent(e.code)}`, 303);
        throw e;
      }
      return reply.redirect('/#/hubspot?connected=1', 303);
    },
  );
}
