import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { forbidden, notFound } from '../../shared/errors.ts';
import { loadChannelByPublicId } from '../repository.ts';
import { LivechatHub } from './hub.ts';
import { type LivechatChannel, serveWidgetSocket } from './session.ts';

/** Where `npm install` (build:web) puts the widget bundle. */
export const WIDGET_DIST = join(dirname(fileURLToPath(import.meta.url)), '../../../web/dist-widget');

/** Largest frame a widget may send (a 4,000-character message and its envelope fit). */
const MAX_FRAME_BYTES = 32 * 1024;

/**
 * The live chat widget (E1): the script pages embed (`GET /widget.js`) and its WebSocket
 * (`GET /widget/ws?channel=<public id>`). The upgrade is refused (403) unless the page's
 * Origin is one of the channel's allowed origins. The protocol is in README.md.
 */
export async function livechatRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  await app.register(websocket, { options: { maxPayload: MAX_FRAME_BYTES } });
  const hub = new LivechatHub(ctx);
  await hub.start();
  app.addHook('onClose', async () => hub.stop());

  let script: Promise<Buffer> | undefined;
  app.get('/widget.js', { schema: { hide: true } }, async (_req, reply) => {
    script ??= readFile(join(WIDGET_DIST, 'widget.js'));
    const body = await script.catch(() => {
      script = undefined;
      return null;
    });
    if (!body) throw notFound('The widget bundle (run `npm install` or `npm run build:web`)');
    return reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('x-content-type-options', 'nosniff')
      .send(body);
  });

  app.withTypeProvider<ZodTypeProvider>().get(
    '/widget/ws',
    {
      websocket: true,
      schema: { hide: true, querystring: z.object({ channel: z.string().min(1).max(100) }) },
      preValidation: async (req) => {
        const { channel: publicId } = req.query as { channel: string };
        const found = await loadChannelByPublicId(ctx.db, ctx.keyring, publicId);
        if (found?.row.type !== 'livechat') throw notFound('Channel');
        const config = found.row.config as LivechatChannel['config'];
        const origin = req.headers.origin;
        if (!origin || !config.allowedOrigins.includes(origin))
          throw forbidden(
            "This page's origin may not use the chat (the channel's allowedOrigins).",
            'origin_not_allowed',
          );
        req.livechat = { row: found.row, config, signingSecret: found.secrets['signingSecret'] ?? '' };
      },
    },
    (ws, req) => serveWidgetSocket(ctx, hub, req.livechat!, ws),
  );
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The livechat channel a widget socket connects to (checked before the upgrade). */
    livechat?: LivechatChannel;
  }
}
