import { z } from 'zod';

/**
 * The widget's WebSocket protocol (README "Live chat widget"): JSON text frames. The first
 * client frame is `hello`; the server answers `ready` (with the history, read from the
 * database, so a reconnect loses nothing) or `error` and closes. Visitor messages carry a
 * client message id: a resend after a reconnect is stored and answered once.
 */
export const clientFrame = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    /** The business's signed visitor token (HS256 JWT); absent for an anonymous visitor. */
    token: z.string().min(1).max(4096).optional(),
    /** An anonymous visitor's session from an earlier `ready`. */
    session: z.string().min(1).max(1024).optional(),
    /** The page the widget is on (routing rules can use it). */
    pageUrl: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .optional(),
  }),
  z.object({
    type: z.literal('message'),
    clientMessageId: z.string().min(1).max(100),
    text: z.string().trim().min(1).max(4000),
  }),
]);
export type ClientFrame = z.infer<typeof clientFrame>;

export interface WidgetMessage {
  id: string;
  seq: number;
  from: 'visitor' | 'agent' | 'person' | 'system';
  text: string;
  /** Choices the visitor can tap (their `value` is sent back as the message text). */
  buttons?: { label: string; value: string }[];
  /** A person's name, for their messages. */
  author?: string;
  clientMessageId?: string;
  at: string;
}

/** What the widget's header shows. */
export interface WidgetStatus {
  /** The agent has the conversation and the account's agent switch is on. */
  poweredByAi: boolean;
  /** The name of the person who has the conversation, once one has it. */
  person: string | null;
  open: boolean;
}

export type ServerFrame =
  | {
      type: 'ready';
      title: string;
      session?: string;
      verified: boolean;
      conversationId: string | null;
      status: WidgetStatus;
      messages: WidgetMessage[];
    }
  | { type: 'message'; message: WidgetMessage }
  | { type: 'ack'; clientMessageId: string; messageId: string; seq: number; duplicate: boolean }
  | { type: 'typing'; on: boolean }
  /**
   * The header changed, or (a new `conversationId`) the visitor's next conversation began;
   * `conversationId` is null for a visitor who has not written yet (the agent switch changed).
   */
  | { type: 'status'; conversationId: string | null; status: WidgetStatus }
  | { type: 'error'; code: string; message: string; clientMessageId?: string };

/** Close codes (4000–4999 are the application's): the widget does not reconnect after these. */
export const CLOSE = { refused: 4401, badFrame: 4400 } as const;
