import { createHmac } from 'node:crypto';

/**
 * What Meta posts to a webhook, in the documented shapes (contracts §3), and how it posts
 * it: JSON with non-ASCII characters escaped (`\u00e9`), signed over exactly those bytes with
 * `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, body)>`.
 */
export const metaJson = (payload: unknown) =>
  JSON.stringify(payload).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

export const metaSignature = (appSecret: string, raw: string) =>
  `sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}`;

export async function postSigned(
  url: string,
  payload: unknown,
  appSecret: string | null,
  opts: { signature?: string } = {},
): Promise<Response> {
  const raw = metaJson(payload);
  const signature = opts.signature ?? (appSecret ? metaSignature(appSecret, raw) : undefined);
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature ? { 'x-hub-signature-256': signature } : {}),
    },
    body: raw,
  });
}

const unix = (at: Date = new Date()) => String(Math.floor(at.getTime() / 1000));

export function whatsAppText(m: {
  phoneNumberId: string;
  from: string;
  id: string;
  text: string;
  name?: string;
  at?: Date;
}) {
  return whatsAppChange(m.phoneNumberId, {
    contacts: [{ profile: { name: m.name ?? 'Ada Lovelace' }, wa_id: m.from }],
    messages: [{ from: m.from, id: m.id, timestamp: unix(m.at), type: 'text', text: { body: m.text } }],
  });
}

export function whatsAppStatus(m: {
  phoneNumberId: string;
  id: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  recipient: string;
}) {
  return whatsAppChange(m.phoneNumberId, {
    statuses: [
      {
        id: m.id,
        status: m.status,
        timestamp: unix(),
        recipient_id: m.recipient,
        ...(m.status === 'failed'
          ? { errors: [{ code: 131026, title: 'Message undeliverable', message: 'Message undeliverable' }] }
          : {}),
      },
    ],
  });
}

function whatsAppChange(phoneNumberId: string, value: Record<string, unknown>) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
              ...value,
            },
          },
        ],
      },
    ],
  };
}

export function messengerEvents(pageId: string, messaging: unknown[], standby: unknown[] = []) {
  return {
    object: 'page',
    entry: [
      {
        id: pageId,
        time: Date.now(),
        ...(messaging.length ? { messaging } : {}),
        ...(standby.length ? { standby } : {}),
      },
    ],
  };
}

export function messengerText(m: {
  pageId: string;
  psid: string;
  mid: string;
  text: string;
  quickReply?: string;
  echo?: boolean;
  at?: Date;
}) {
  const [sender, recipient] = m.echo ? [m.pageId, m.psid] : [m.psid, m.pageId];
  return {
    sender: { id: sender },
    recipient: { id: recipient },
    timestamp: (m.at ?? new Date()).getTime(),
    message: {
      mid: m.mid,
      text: m.text,
      ...(m.quickReply ? { quick_reply: { payload: m.quickReply } } : {}),
      ...(m.echo ? { is_echo: true, app_id: 1517776481860111 } : {}),
    },
  };
}
