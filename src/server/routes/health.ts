import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { pendingMigrations } from '../../store/migrate.ts';

/** /healthz: the process is up. /readyz: the database answers and migrations are current. */
export async function healthRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(ctx.db);
      const pending = await pendingMigrations(ctx.db as never);
      if (pending.length) return reply.status(503).send({ status: 'migrations_pending', pending });
      return { status: 'ready', database: ctx.database.kind };
    } catch {
      return reply.status(503).send({ status: 'database_unreachable' });
    }
  });
}
