import type { CLOSE } from '../../src/channels/livechat/protocol.ts';

/**
 * The frames the server sends are the server's own types (type-only: nothing of the server,
 * not even Zod, reaches the widget's bundle, so it stays small and cannot drift).
 */
export type { ServerFrame, WidgetMessage, WidgetStatus } from '../../src/channels/livechat/protocol.ts';

/** Application close codes after which reconnecting cannot help (refused identity, bad frame). */
export const FINAL_CLOSE_CODES: readonly number[] = [
  4400, 4401,
] satisfies (typeof CLOSE)[keyof typeof CLOSE][];
