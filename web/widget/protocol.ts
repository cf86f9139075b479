/**
 * The frames the server sends (mirrors src/channels/livechat/protocol.ts; the widget does
 * not import server code, so it stays a small standalone bundle).
 */
export interface WidgetMessage {
  id: string;
  seq: number;
  from: 'visitor' | 'agent' | 'person' | 'system';
  text: string;
  buttons?: { label: string; value: string }[];
  author?: string;
  clientMessageId?: string;
  at: string;
}

export interface WidgetStatus {
  poweredByAi: boolean;
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
  /** The header changed, or (a new `conversationId`) the visitor's next conversation began; null before the first message. */
  | { type: 'status'; conversationId: string | null; status: WidgetStatus }
  | { type: 'error'; code: string; message: string; clientMessageId?: string };

/** Application close codes after which reconnecting cannot help (refused identity, bad frame). */
export const FINAL_CLOSE_CODES = [4400, 4401];
