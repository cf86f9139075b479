import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../shared/errors.ts';
import { writeBack } from './write.ts';

export const WRITEBACK_QUEUE = 'hubspot.writeback';
/** Rate-limit deferrals per conversation before the job fails like any other error. */
const MAX_DEFERRALS = 8;

/** Queues the write-back of a finished conversation (what the "conversation closed" event does). */
export async function enqueueWriteBack(
  ctx: AppContext,
  conversationId: string,
  startAfterSeconds?: number,
  deferrals = 0,
): Promise<void> {
  await ctx.jobs.send(
    WRITEBACK_QUEUE,
    { conversationId, deferrals },
    {
      retryLimit: 8,
      retryBackoff: true,
      retryDelayMaxSeconds: 3600,
      ...(startAfterSeconds && { startAfterSeconds }),
    },
  );
}

/**
 * The durable job (pg-boss): retried with backoff on failure. A HubSpot 429 whose
 * Retry-After is longer than the client waits inline is honoured by queueing the next
 * attempt after exactly that delay instead of the backoff.
 */
export async function registerWriteBackWorker(ctx: AppContext): Promise<void> {
  await ctx.jobs.work<{ conversationId: string; deferrals?: number }>(WRITEBACK_QUEUE, async (job) => {
    try {
      const outcome = await writeBack(ctx, job.data.conversationId);
      ctx.log.info(
        { job: job.id, conversationId: job.data.conversationId, outcome: outcome.status },
        'HubSpot write-back',
      );
    } catch (e) {
      const retryAfter =
        e instanceof AppError && e.code === 'hubspot_rate_limited'
          ? Number(e.headers['Retry-After'])
          : Number.NaN;
      const deferrals = job.data.deferrals ?? 0;
      if (Number.isFinite(retryAfter) && deferrals < MAX_DEFERRALS) {
        await enqueueWriteBack(
          ctx,
          job.data.conversationId,
          Math.max(1, Math.ceil(retryAfter)),
          deferrals + 1,
        );
        return;
      }
      throw e;
    }
  });
}
