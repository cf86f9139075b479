import type { AppContext } from '../context.ts';

/**
 * A channel is an adapter with a small, typed interface (design note §1, §4): what it can
 * show, and how a stored outbound message leaves. Inbound parsing and verification live in
 * each channel's folder and end in the one pipeline (`acceptInbound`). The engine never
 * learns a channel's name, only its capabilities.
 */
export interface ChannelCapabilities {
  /** How text is shown: 'plain' text only, or 'markdown'. */
  text: 'plain' | 'markdown';
  /** Choices (yes/no, options) can be tapped. */
  buttons: boolean;
  /** Replies are spoken (no markdown, URLs or long lists). */
  speech: boolean;
}

/** An outbound message as a channel sends it. */
export interface OutboundMessage {
  accountId: string;
  conversationId: string;
  messageId: string;
  /** The conversation's channel type and, for registered channels, its id. */
  channel: string;
  channelId: string | null;
  text: string;
  parts: unknown[];
}

export interface ChannelAdapter {
  type: string;
  capabilities: ChannelCapabilities;
  /**
   * Sends one message; throws a `DeliveryError` (or any error) when it did not go out.
   * Absent: the message is delivered by being stored (the API channel's answer carries it).
   */
  send?(ctx: AppContext, message: OutboundMessage): Promise<void>;
  /**
   * Whose messages go through `send` (default: everyone's). A call speaks the agent's
   * replies in its own answer, so only people's messages wait for the outbox there.
   */
  sends?: ReadonlyArray<'agent' | 'human' | 'system'>;
  /**
   * A channel whose delivery only tells the processes that a stored message exists (live
   * chat): its messages are `sent` when stored and this runs right after the commit, not
   * through the outbox's job. The message row is the durable record (a widget that missed
   * the notice reads it from the history when it reconnects). A turn's replies need no
   * notice: the turn's `message.processed` event carries them.
   */
  notify?(ctx: AppContext, message: Pick<OutboundMessage, 'conversationId' | 'messageId'>): Promise<void>;
  /**
   * Sends one message outside any conversation: the setup screen's "send a test message"
   * (`POST /api/v1/channels/{channelId}/test-message`). `to` is the channel's own address
   * form (an email address, an E.164 phone, a page-scoped id); throws a `DeliveryError`.
   * Absent: the channel cannot send unprompted (live chat, the API).
   */
  sendTest?(ctx: AppContext, test: TestMessage): Promise<void>;
}

/** A one-off message the admin sends to check a channel's credentials and address. */
export interface TestMessage {
  accountId: string;
  channelId: string;
  to: string;
  text: string;
}

/** A failed delivery, with the reason shown in the message's delivery state. */
export class DeliveryError extends Error {
  readonly permanent: boolean;
  constructor(reason: string, opts: { permanent?: boolean } = {}) {
    super(reason);
    this.name = 'DeliveryError';
    this.permanent = opts.permanent ?? false;
  }
}
