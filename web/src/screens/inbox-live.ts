import { useEffect, useRef, useState } from 'react';
import { INBOX_EVENT_NAMES } from '../../../src/inbox/schema.ts';

export interface InboxEvent {
  name: string;
  conversationId: string;
}

export type LiveState = 'connecting' | 'live' | 'reconnecting';

/**
 * The inbox's live stream (GET /api/v1/inbox/events) through the browser's EventSource,
 * which sends the session cookie and reconnects by itself. `onEvent` gets every event of
 * the account; after a reconnect `onEvent` is called with no event, so the screen reloads
 * what it may have missed.
 */
export function useInboxEvents(onEvent: (e: InboxEvent | null) => void): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    const es = new EventSource('/api/v1/inbox/events');
    let wasLive = false;
    es.addEventListener('ready', () => {
      setState('live');
      if (wasLive) handler.current(null);
      wasLive = true;
    });
    es.onerror = () => setState('reconnecting');
    for (const name of INBOX_EVENT_NAMES) {
      es.addEventListener(name, (e) => {
        try {
          handler.current(JSON.parse((e as MessageEvent<string>).data) as InboxEvent);
        } catch {
          handler.current(null);
        }
      });
    }
    return () => es.close();
  }, []);
  return state;
}
