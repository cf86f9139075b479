import type { AppContext } from '../context.ts';
import { DELIVER_JOB, deliver, requeueStale } from './outbox.ts';

/** Delivery workers of the outbox, and a sweep for messages whose job was never queued. */
export async function startChannelWorkers(ctx: AppContext): Promise<() => void> {
  await ctx.jobs.work<{ messageId: string }>(DELIVER_JOB, (job) => deliver(ctx, job), {
    concurrency: 8,
    pollingIntervalSeconds: 0.5,
  });
  const timer = setInterval(() => {
    requeueStale(ctx, 60).catch((err) => ctx.log.warn({ err }, 'outbox sweep failed'));
  }, 30_000);
  timer.unref();
  return () => clearInterval(timer);
}
