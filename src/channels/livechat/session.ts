import { createHash } from 'node:crypto';
import type { WebSocket } from 'ws';
import { receive } from '../../channels/pipeline.ts';
import type { AppContext } from '../../context.ts';
import { textProblem } from '../../server/input-guards.ts';
import { AppError } from '../../shared/errors.ts';
import type { ChannelRow } from '../../store/schema.ts';
import { conversationFor } from '../conversation-for.ts';
import { openConversationOf } from './conversation.ts';
import { history, widgetStatus } from './history.ts';
import { LIVECHAT_BUS, type LivechatHub, type LivechatNotice, remember, type WidgetSocket } from './hub.ts';
import { anonymousVisitor, type Visitor, verifiedVisitor } from './identity.ts';
import { CLOSE, type ClientFrame, clientFrame, type ServerFrame } from './protocol.ts';

/** A socket that has not said hello by then is closed. */
const HELLO_TIMEOUT_MS = 15_000;
const PING_INTERVAL_MS = 30_000;
/** At most this many visitor messages per socket in any window of RATE_WINDOW_MS. */
export const RATE_LIMIT = 20;
const RATE_WINDOW_MS = 10_000;

export interface LivechatChannel {
  row: ChannelRow;
  config: { allowedOrigins: string[]; requireVerifiedIdentity: boolean };
  signingSecret: string;
}

/**
 * One widget connection: hello (identify the visitor, send the history), then the
 * visitor's messages, each stored through the one inbound pipeline, idempotent on the
 * widget's client message id. Errors are frames with a code; identity errors close.
 */
export function serveWidgetSocket(
  ctx: AppContext,
  hub: LivechatHub,
  channel: LivechatChannel,
  ws: WebSocket,
) {
  const socket: WidgetSocket = {
    accountId: channel.row.account_id,
    get conversationId() {
      return conversationId;
    },
    seen: new Set(),
    send: (frame: ServerFrame) => {
      // The hub's header updates too (a handoff, the agent switch): no typing indicator for a person.
      if (frame.type === 'status' || frame.type === 'ready') poweredByAi = frame.status.poweredByAi;
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    },
    adopt: (id) => {
      if (id === conversationId) return;
      queue = queue.then(() => ready(id)).catch((err) => ctx.log.warn({ err }, 'livechat adopt failed'));
    },
  };
  let visitorDigest: string | null = null;
  let visitor: Visitor | null = null;
  let pageUrl: string | undefined;
  let conversationId: string | null = null;
  let poweredByAi = false;
  let rate = { since: 0, count: 0 };
  // Frames are handled one at a time, in order (a message never overtakes the hello).
  let queue: Promise<void> = Promise.resolve();

  const join = (id: string | null) => {
    if (conversationId) hub.leave(conversationId, socket);
    conversationId = id;
    if (id) hub.join(id, socket);
  };
  const refuse = (code: string, message: string) => {
    socket.send({ type: 'error', code, message });
    ws.close(CLOSE.refused, code);
  };

  const helloTimer = setTimeout(() => refuse('hello_timeout', 'Send a hello frame first.'), HELLO_TIMEOUT_MS);
  helloTimer.unref();
  const ping = setInterval(() => ws.ping(), PING_INTERVAL_MS);
  ping.unref();
  ws.on('close', () => {
    clearTimeout(helloTimer);
    clearInterval(ping);
    join(null);
    if (visitorDigest) hub.unwatchVisitor(visitorDigest, socket);
  });
  ws.on('error', () => {});

  async function hello(f: Extract<ClientFrame, { type: 'hello' }>) {
    if (visitor)
      return socket.send({ type: 'error', code: 'invalid_frame', message: 'Hello was already sent.' });
    if (f.token) visitor = await verifiedVisitor(channel.signingSecret, f.token);
    else if (channel.config.requireVerifiedIdentity)
      throw new AppError(
        'unauthorized',
        'identity_required',
        'This chat needs a signed-in visitor (a token).',
      );
    else visitor = anonymousVisitor(ctx.keyring, channel.row.id, f.session);
    clearTimeout(helloTimer);
    pageUrl = f.pageUrl;
    visitorDigest = digestOf(channel.row.id, visitor.key);
    hub.watchVisitor(visitorDigest, socket);
    await ready(await openConversationOf(ctx, channel.row, visitor.key));
  }

  /** Joins the conversation (or none yet) and sends `ready` with its history and header. */
  async function ready(id: string | null) {
    if (!visitor) return;
    // Joined before the history is read, so nothing stored in between is missed.
    join(id);
    const messages = conversationId ? await history(ctx.db, conversationId) : [];
    for (const m of messages) remember(socket, m.id);
    const status = await widgetStatus(ctx.db, channel.row.account_id, conversationId);
    poweredByAi = status.poweredByAi;
    socket.send({
      type: 'ready',
      title: channel.row.name,
      ...(visitor.session ? { session: visitor.session } : {}),
      verified: visitor.verified,
      conversationId,
      status,
      messages,
    });
  }

  async function message(f: Extract<ClientFrame, { type: 'message' }>) {
    if (!visitor) throw new AppError('bad_request', 'hello_first', 'Send a hello frame first.');
    const now = Date.now();
    if (now - rate.since > RATE_WINDOW_MS) rate = { since: now, count: 0 };
    if (++rate.count > RATE_LIMIT)
      throw new AppError('rate_limited', 'rate_limited', 'Too many messages; wait a few seconds.');
    const problem = textProblem(f.text);
    if (problem)
      throw new AppError('invalid', 'invalid', `text ${problem}`, [{ path: 'text', message: problem }]);
    const v = visitor;
    const store = async () => {
      if (!conversationId) {
        const started = await conversationFor(
          ctx,
          channel.row,
          { name: v.name, identities: v.identities },
          {
            conversation: { text: f.text, pageUrl: pageUrl ?? null, properties: pageUrl ? { pageUrl } : {} },
          },
        );
        join(started.conversationId);
        const moved: LivechatNotice = { c: started.conversationId, v: visitorDigest! };
        await ctx.events.publish(LIVECHAT_BUS, moved).catch(() => {});
        if (started.created) {
          const status = await widgetStatus(ctx.db, channel.row.account_id, started.conversationId);
          poweredByAi = status.poweredByAi;
          socket.send({ type: 'status', conversationId: started.conversationId, status });
          // What starting it stored before this socket joined (a routing rule's message).
          for (const m of await history(ctx.db, started.conversationId)) hub.deliverTo(socket, m);
        }
      }
      const accountId = channel.row.account_id;
      const inbound = {
        accountId,
        conversationId: conversationId!,
        text: f.text,
        channelMessageId: f.clientMessageId,
      };
      return receive(ctx, inbound, { waitMs: 0 });
    };
    let got: Awaited<ReturnType<typeof store>>;
    try {
      got = await store();
    } catch (err) {
      // The conversation was closed meanwhile: the message starts the visitor's next one.
      if (!(err instanceof AppError && err.code === 'conversation_closed')) throw err;
      join(null);
      got = await store();
    }
    remember(socket, got.messageId);
    socket.send({
      type: 'ack',
      clientMessageId: f.clientMessageId,
      messageId: got.messageId,
      seq: got.seq,
      duplicate: got.duplicate,
    });
    if (got.duplicate) return;
    if (poweredByAi) hub.broadcast(conversationId!, { type: 'typing', on: true });
    // The visitor's other tabs, on any process.
    const notice: LivechatNotice = { c: conversationId!, m: got.messageId };
    await ctx.events.publish(LIVECHAT_BUS, notice).catch(() => {});
  }

  ws.on('message', (data, isBinary) => {
    queue = queue.then(async () => {
      let frame: ClientFrame | undefined;
      try {
        const raw: unknown = isBinary ? undefined : JSON.parse(String(data));
        const parsed = clientFrame.safeParse(raw);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          return socket.send({
            type: 'error',
            code: 'invalid_frame',
            message: `Invalid frame: ${issue?.path.join('.') || 'frame'} ${issue?.message ?? ''}`.trim(),
            // A message refused as it is (e.g. too long): the widget marks it not sent.
            ...clientMessageIdOf(parsed.error.issues, raw),
          });
        }
        frame = parsed.data;
        if (frame.type === 'hello') await hello(frame);
        else await message(frame);
      } catch (err) {
        if (err instanceof SyntaxError)
          return socket.send({ type: 'error', code: 'invalid_frame', message: 'Frames are JSON text.' });
        const known = err instanceof AppError && err.kind !== 'internal';
        if (!known) ctx.log.error({ err }, 'livechat frame failed');
        const code = known ? err.code : 'internal';
        const text = known ? err.message : 'Something went wrong; please try again.';
        if (known && err.kind === 'unauthorized') return refuse(code, text);
        if (frame?.type === 'hello') {
          // Not the visitor's fault: the widget reconnects and says hello again.
          socket.send({ type: 'error', code, message: text });
          return ws.close(1011, code);
        }
        socket.send({
          type: 'error',
          code,
          message: text,
          ...(frame?.type === 'message' ? { clientMessageId: frame.clientMessageId } : {}),
        });
      }
    });
  });
}

/** The visitor's name on the bus: a digest, so no identity value travels in a notification. */
const digestOf = (channelId: string, key: { type: string; value: string }) =>
  createHash('sha256').update(`${channelId}\n${key.type}\n${key.value}`).digest('base64url').slice(0, 22);

/** The client message id of a message frame refused for its text, so the widget can mark it. */
function clientMessageIdOf(issues: { path: PropertyKey[] }[], raw: unknown): { clientMessageId?: string } {
  const f = raw as { type?: unknown; clientMessageId?: unknown } | null;
  const id = f?.clientMessageId;
  const aboutId = issues.some((i) => i.path[0] === 'clientMessageId');
  return f?.type === 'message' && typeof id === 'string' && !aboutId && id.length > 0 && id.length <= 100
    ? { clientMessageId: id }
    : {};
}
