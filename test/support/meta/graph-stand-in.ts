import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { startLoopbackServer } from '../../../src/shared/http/loopback-server.ts';

/**
 * Meta's Graph API on loopback (the shared loopback server), speaking the real shapes (contracts §3): `POST
 * /{version}/{phone_number_id}/messages` (WhatsApp Cloud API) and `POST
 * /{version}/{page_id}/messages` (Messenger), with `Authorization: Bearer`. It checks each
 * body against the documented request shape (strictly: an unknown field is Graph's error
 * 100), answers with the documented response, records every request, and can be told to
 * fail the next N requests or refuse with a given Graph error code.
 */
export interface GraphRequest {
  path: string;
  nodeId: string;
  headers: IncomingHttpHeaders;
  body: any;
  /** What the stand-in answered. */
  status?: number;
  response?: any;
}

const waBody = z.strictObject({
  messaging_product: z.literal('whatsapp'),
  recipient_type: z.literal('individual'),
  to: z.string().regex(/^\+?\d{5,20}$/),
  type: z.literal('text'),
  text: z.strictObject({ body: z.string().min(1).max(4096), preview_url: z.boolean().optional() }),
  context: z.strictObject({ message_id: z.string() }).optional(),
});

const messengerBody = z.strictObject({
  recipient: z.strictObject({ id: z.string().regex(/^\d+$/) }),
  messaging_type: z.enum(['RESPONSE', 'UPDATE', 'MESSAGE_TAG']),
  tag: z.string().optional(),
  message: z.strictObject({
    text: z.string().min(1).max(2000),
    quick_replies: z
      .array(
        z.strictObject({
          content_type: z.literal('text'),
          title: z.string().min(1).max(20),
          payload: z.string().min(1).max(1000),
        }),
      )
      .min(1)
      .max(13)
      .optional(),
  }),
});

interface Failure {
  status: number;
  code: number;
  subcode?: number;
}

export async function startGraphStandIn(opts: {
  accessToken: string;
  phoneNumberIds?: string[];
  pageIds?: string[];
}) {
  const requests: GraphRequest[] = [];
  const failures: Failure[] = [];
  const fbtrace = () => randomBytes(8).toString('base64url');
  const error = (status: number, code: number, message: string, subcode?: number) => ({
    status,
    body: {
      error: {
        message,
        type: code === 190 ? 'OAuthException' : 'GraphMethodException',
        code,
        ...(subcode ? { error_subcode: subcode } : {}),
        fbtrace_id: fbtrace(),
      },
    },
  });

  function answer(
    nodeId: string,
    headers: IncomingHttpHeaders,
    body: any,
  ): { status: number; body: unknown } {
    if (headers.authorization !== `Bearer ${opts.accessToken}`)
      return error(401, 190, 'Invalid OAuth access token - Cannot parse access token');
    const failure = failures.shift();
    if (failure) return error(failure.status, failure.code, 'Failure requested by the test', failure.subcode);
    if (opts.phoneNumberIds?.includes(nodeId)) {
      const ok = waBody.safeParse(body);
      if (!ok.success)
        return error(400, 100, `(#100) Invalid parameter: ${ok.error.issues[0]?.path.join('.')}`);
      const to = ok.data.to.replace(/^\+/, '');
      return {
        status: 200,
        body: {
          messaging_product: 'whatsapp',
          contacts: [{ input: ok.data.to, wa_id: to }],
          messages: [{ id: `wamid.${randomBytes(24).toString('base64url')}` }],
        },
      };
    }
    if (opts.pageIds?.includes(nodeId)) {
      const ok = messengerBody.safeParse(body);
      if (!ok.success)
        return error(400, 100, `(#100) Invalid parameter: ${ok.error.issues[0]?.path.join('.')}`);
      return {
        status: 200,
        body: {
          recipient_id: ok.data.recipient.id,
          message_id: `m_${randomBytes(24).toString('base64url')}`,
        },
      };
    }
    return error(400, 100, `(#100) Unsupported post request. Object with ID '${nodeId}' does not exist`);
  }

  const server = await startLoopbackServer((req, res, raw) => {
    const path = req.url ?? '';
    const m = /^\/v\d+\.\d+\/(\d+)\/messages$/.exec(path);
    let body: any = null;
    try {
      body = JSON.parse(raw);
    } catch {}
    const reply = (status: number, out: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(out));
    if (req.method !== 'POST' || !m) {
      reply(400, error(400, 100, 'Unknown path components').body);
      return;
    }
    const out = answer(m[1]!, req.headers, body);
    requests.push({
      path,
      nodeId: m[1]!,
      headers: req.headers,
      body,
      status: out.status,
      response: out.body,
    });
    reply(out.status, out.body);
  });
  return {
    /** The Graph API base URL (version included) a channel's `graphApiUrl` points at. */
    url: `${server.origin}/v23.0`,
    host: server.host,
    requests,
    /** The next `n` requests fail with HTTP `status` (default 500, Graph error 2: temporary). */
    failNext(n: number, status = 500, code = 2, subcode?: number) {
      for (let i = 0; i < n; i++) failures.push({ status, code, ...(subcode ? { subcode } : {}) });
    },
    close: server.close,
  };
}

export type GraphStandIn = Awaited<ReturnType<typeof startGraphStandIn>>;
