import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { startLoopbackServer } from '../../../src/shared/http/loopback-server.ts';

/**
 * Twilio on loopback (the shared loopback server), both directions:
 * - the Messages API (`POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, form body,
 *   basic auth with the Account SID and Auth Token): records every request, answers 201
 *   with a Message resource, and can be told to fail the next N requests first;
 * - Twilio's webhook calls: form-encoded POSTs signed with `X-Twilio-Signature` exactly as
 *   Twilio computes it (HMAC-SHA1 of the URL followed by every parameter, sorted by name,
 *   as name+value; keyed with the Auth Token; base64). Written out here rather than taken
 *   from the `twilio` package, so the tests check it against that package's validator.
 */
export interface MessagesRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  form: Record<string, string>;
  raw: string;
  /** The status the stand-in answered. */
  status: number;
}

export const TEST_ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
export const TEST_AUTH_TOKEN = 'f1e2d3c4b5a6978867564534231201ff';

export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, k) => acc + k + params[k], url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

export async function startTwilioStandIn(opts: { accountSid?: string; authToken?: string } = {}) {
  const accountSid = opts.accountSid ?? TEST_ACCOUNT_SID;
  const authToken = opts.authToken ?? TEST_AUTH_TOKEN;
  const requests: MessagesRequest[] = [];
  let failures: number[] = [];
  const server = await startLoopbackServer((req, res, raw) => {
    const form = Object.fromEntries(new URLSearchParams(raw));
    const path = req.url ?? '';
    const record: MessagesRequest = {
      method: req.method ?? '',
      path,
      headers: req.headers,
      form,
      raw,
      status: 0,
    };
    requests.push(record);
    const json = (status: number, body: unknown) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    if (req.headers.authorization !== expected)
      return json(401, { code: 20003, message: 'Authenticate', status: 401 });
    if (req.method !== 'POST' || path !== `/2010-04-01/Accounts/${accountSid}/Messages.json`)
      return json(404, { code: 20404, message: 'The requested resource was not found', status: 404 });
    const failWith = failures.shift();
    if (failWith) return json(failWith, { code: 20500, message: 'Internal Server Error', status: failWith });
    if (!form['To'] || !form['From'] || !form['Body'])
      return json(400, { code: 21604, message: "A 'To' phone number is required.", status: 400 });
    json(201, {
      sid: `SM${randomBytes(16).toString('hex')}`,
      account_sid: accountSid,
      from: form['From'],
      to: form['To'],
      body: form['Body'],
      status: 'queued',
      num_segments: '1',
      api_version: '2010-04-01',
    });
  });
  return {
    accountSid,
    authToken,
    url: server.origin,
    host: server.host,
    requests,
    /** The next requests to the Messages API fail with these statuses, in turn (0: succeed). */
    failNext(statuses: number[]) {
      failures = [...statuses];
    },
    /** Messages Twilio accepted (201), as their forms. */
    sent() {
      return requests.filter((r) => r.status === 201).map((r) => r.form);
    },
    /** What Twilio does on an incoming message or call: a signed form POST to the webhook. */
    async webhook(url: string, params: Record<string, string>, o: { signature?: string | null } = {}) {
      const signature = o.signature === undefined ? twilioSignature(authToken, url, params) : o.signature;
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'i-twilio-idempotency-token': randomBytes(8).toString('hex'),
          ...(signature !== null ? { 'x-twilio-signature': signature } : {}),
        },
        body: new URLSearchParams(params).toString(),
      });
      return {
        status: res.status,
        contentType: res.headers.get('content-type') ?? '',
        text: await res.text(),
      };
    },
    close: server.close,
  };
}

export type TwilioStandIn = Awaited<ReturnType<typeof startTwilioStandIn>>;
