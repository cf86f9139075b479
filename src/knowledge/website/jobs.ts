import { sql } from 'kysely';
import { sharedHttpClient } from '../../actions/runner/shared-client.ts';
import type { AppContext } from '../../context.ts';
import { withLock } from '../../jobs/locks.ts';
import { clientFetcher, syncWebsite } from './sync.ts';

export const SYNC_WEBSITE_JOB = 'knowledge.sync-website';
export const RESYNC_DUE_JOB = 'knowledge.resync-due';
const HOUR = 3600;

interface SyncJob {
  sourceId: string;
}

/** Queues a sync of one website source (a durable job: it survives a restart, and is retried). */
export async function enqueueWebsiteSync(ctx: AppContext, sourceId: string): Promise<void> {
  await ctx.jobs.send<SyncJob>(SYNC_WEBSITE_JOB, { sourceId }, { retryLimit: 3, expireInSeconds: 30 * 60 });
}

const hourSlot = (date: Date) =>
  date
    .toISOString()
    .slice(0, 13)
    .replace(/[^0-9]/g, '');

/**
 * Asks for the next hourly due-check. The singleton key names the hour, so however many
 * processes and restarts ask, one check runs per hour; each check asks for the next one.
 */
async function scheduleDueCheck(ctx: AppContext, delaySeconds: number): Promise<void> {
  const at = new Date(Date.now() + delaySeconds * 1000);
  await ctx.jobs.send(
    RESYNC_DUE_JOB,
    { hour: hourSlot(at) },
    {
      singletonKey: `knowledge-resync-${hourSlot(at)}`,
      singletonSeconds: HOUR,
      startAfterSeconds: delaySeconds,
    },
  );
}

/**
 * Website sync workers and the re-sync schedule: every hour, each website source whose last
 * sync is older than its `syncEveryHours` (or that never synced, or failed) is queued. Sources
 * left `queued`/`indexing` by a crash are included: a sync is idempotent and runs under a lock.
 */
export async function registerKnowledgeJobs(ctx: AppContext): Promise<void> {
  await ctx.jobs.work<SyncJob>(SYNC_WEBSITE_JOB, async (job) => {
    const { sourceId } = job.data;
    // Two syncs of one source (a manual one and the schedule's) would race on its pages.
    const outcome = await withLock(ctx.database, `knowledge-sync:${sourceId}`, () =>
      syncWebsite(ctx.db, clientFetcher(sharedHttpClient(ctx.config.devHosts)), sourceId, ctx.events),
    );
    ctx.log.info({ job: job.id, name: SYNC_WEBSITE_JOB, sourceId, ...outcome }, 'website source synced');
  });
  await ctx.jobs.work(RESYNC_DUE_JOB, async (job) => {
    const due = await ctx.db
      .selectFrom('knowledge_sources')
      .select(['id'])
      .where('kind', '=', 'website')
      .where((eb) =>
        eb.or([
          eb('last_synced_at', 'is', null),
          eb(
            'last_synced_at',
            '<',
            sql<Date>`now() - make_interval(hours => coalesce((content->>'syncEveryHours')::int, 24))`,
          ),
        ]),
      )
      .execute();
    for (const { id } of due) {
      await ctx.jobs.send<SyncJob>(
        SYNC_WEBSITE_JOB,
        { sourceId: id },
        {
          singletonKey: `knowledge-sync-${id}-${hourSlot(new Date())}`,
          singletonSeconds: HOUR,
          retryLimit: 3,
        },
      );
    }
    ctx.log.info({ job: job.id, name: RESYNC_DUE_JOB, queued: due.length }, 'website re-sync check ran');
    await scheduleDueCheck(ctx, HOUR);
  });
  await scheduleDueCheck(ctx, 0);
}
