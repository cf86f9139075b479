import { pruneLog } from '../actions/integration-log.ts';
import type { AppContext } from '../context.ts';
import { registerWriteBackWorker } from '../integrations/hubspot/writeback/job.ts';
import { writeBackOnClose } from '../integrations/hubspot/writeback/on-close.ts';
import { registerKnowledgeJobs } from '../knowledge/website/jobs.ts';

export const PRUNE_LOG_JOB = 'maintenance.prune-integration-log';

/**
 * Background work every process offers. Each start asks for the hourly integration-log
 * prune with a singleton key, so however many processes start, it runs once per hour.
 */
export async function registerMaintenance(ctx: AppContext): Promise<void> {
  await ctx.jobs.work(PRUNE_LOG_JOB, async (job) => {
    const removed = await pruneLog(ctx.db);
    ctx.log.info({ job: job.id, name: PRUNE_LOG_JOB, removed }, 'maintenance job ran');
  });
  await registerWriteBackWorker(ctx);
  await writeBackOnClose(ctx);
  const hour = new Date().toISOString().slice(0, 13);
  await ctx.jobs.send(
    PRUNE_LOG_JOB,
    { hour },
    { singletonKey: `prune-${hour.replace(/[^0-9]/g, '')}`, singletonSeconds: 3600 },
  );
  await registerKnowledgeJobs(ctx);
}
