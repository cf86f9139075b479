import type { AppContext } from '../../../context.ts';
import { subscribeEvents } from '../../../events/domain.ts';
import { WRITEBACK_QUEUE } from './job.ts';

/**
 * Interaction logging starts when a conversation finishes (§D4): every worker process hears
 * `conversation.closed` and queues the write-back job. One job per conversation is kept by a
 * singleton key (all processes hear the event within the same moment), and the write-back
 * itself writes at most once per conversation; whether logging is on is decided by the job.
 */
export function writeBackOnClose(ctx: AppContext): Promise<() => Promise<void>> {
  return subscribeEvents(
    ctx.events,
    (event) => {
      ctx.jobs
        .send(
          WRITEBACK_QUEUE,
          { conversationId: event.conversationId, deferrals: 0 },
          {
            singletonKey: `writeback:${event.conversationId}`,
            singletonSeconds: 300,
            // A short grace after the close: a message racing the close lands first.
            startAfterSeconds: 2,
            retryLimit: 8,
            retryBackoff: true,
            retryDelayMaxSeconds: 3600,
          },
        )
        .catch((err) => ctx.log.warn({ err }, 'write-back not queued'));
    },
    (event) => event.name === 'conversation.closed',
  );
}
