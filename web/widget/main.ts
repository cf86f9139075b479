import { Connection } from './connection.ts';
import type { ServerFrame } from './protocol.ts';
import { WidgetUi } from './ui.ts';

/**
 * The embeddable live chat widget:
 * `<script src="https://frontdesk.example.com/widget.js" data-channel="<public id>" async></script>`
 * Optional `data-token` (a visitor token your server signed); `window.Frontdesk.identify(token)`
 * after sign-in, `window.Frontdesk.reset()` on sign-out, `open()` and `close()`.
 */
const ERRORS: Record<string, string> = {
  token_expired: 'Your sign-in has expired. Please reload the page.',
  invalid_token: 'We could not verify who you are, so the chat is unavailable.',
  identity_required: 'Please sign in to chat with us.',
};

/** A message the server refused: what the visitor can do about it. */
const NOT_SENT: Record<string, string> = {
  rate_limited:
    'Your last message was not sent: you are sending messages too fast. Wait a few seconds, then send it again.',
  invalid_frame:
    'Your last message was not sent: it is too long (at most 4,000 characters) or has characters we cannot accept.',
};

function boot(): void {
  const script =
    (document.currentScript as HTMLScriptElement | null) ??
    document.querySelector<HTMLScriptElement>('script[data-channel]');
  const channel = script?.dataset['channel'];
  if (!script || !channel || document.getElementById('frontdesk-widget')) return;
  const base = new URL(script.src, location.href);
  const url = `${base.protocol === 'https:' ? 'wss' : 'ws'}://${base.host}/widget/ws?channel=${encodeURIComponent(channel)}`;
  const sessionKey = `frontdesk:${channel}:session`;
  let token = script.dataset['token'] || undefined;
  let conversationId: string | null = null;
  let notSent = false;

  const host = document.createElement('div');
  host.id = 'frontdesk-widget';
  document.body.append(host);

  const ui = new WidgetUi(host, {
    onSend: (text) => {
      const id = clientId();
      ui.addPending(id, text);
      conn.send(id, text);
    },
    onOpen: () => conn.start(),
  });

  const onFrame = (f: ServerFrame) => {
    switch (f.type) {
      case 'ready':
        conversationId = f.conversationId;
        if (f.session) store(sessionKey, f.session);
        ui.setTitle(f.title);
        ui.setStatus(f.status);
        ui.replace(f.messages);
        ui.notice(null);
        break;
      case 'message':
        ui.add(f.message);
        break;
      case 'ack':
        ui.acknowledge(f.clientMessageId, f.messageId, f.seq);
        // A later message went through: the "not sent" alert is over (the mark stays).
        if (notSent) ui.notice(null);
        notSent = false;
        break;
      case 'typing':
        ui.typing(f.on);
        break;
      case 'status':
        // The last conversation was closed and this is the next one: start a fresh transcript.
        if (conversationId && f.conversationId && f.conversationId !== conversationId) ui.replace([]);
        if (f.conversationId) conversationId = f.conversationId;
        ui.setStatus(f.status);
        break;
      case 'error':
        // An identity refusal is final: nothing can be sent until the page gives a new token.
        if (ERRORS[f.code]) ui.canSend(false);
        if (f.clientMessageId && f.code !== 'internal') {
          // Refused for good: marked "not sent", its text back in the box to send again. The
          // notice first: it shrinks the log, and the refused message then scrolls into view.
          ui.notice(NOT_SENT[f.code] ?? NOT_SENT['invalid_frame']!, true);
          ui.refused(f.clientMessageId);
          notSent = true;
        } else {
          ui.notice(ERRORS[f.code] ?? f.message, true);
          notSent = false;
        }
        break;
    }
  };
  const conn = new Connection({
    url,
    hello: () => ({
      ...(token ? { token } : { session: read(sessionKey) }),
      pageUrl: location.href.slice(0, 2048),
    }),
    onFrame,
    onState: (state) => {
      ui.canSend(state !== 'refused');
      if (state === 'offline') ui.notice('Reconnecting…');
    },
  });
  // Connected at once: the unread badge counts replies that come while the panel is closed.
  conn.start();

  (window as unknown as { Frontdesk: unknown }).Frontdesk = {
    open: () => ui.open(),
    close: () => ui.close(),
    identify: (t: string) => {
      token = t;
      conn.restart();
    },
    reset: () => {
      token = undefined;
      remove(sessionKey);
      ui.replace([]);
      conn.restart();
    },
  };
}

function clientId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

// Storage can be off (privacy modes): an anonymous visitor then starts afresh on each page.
function read(key: string): string | undefined {
  try {
    return localStorage.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}
function store(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {}
}
function remove(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {}
}

if (document.body) boot();
else document.addEventListener('DOMContentLoaded', boot, { once: true });
