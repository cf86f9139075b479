import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { type BootstrapResult, ensureBootstrap } from '../access/bootstrap.ts';
import { forgetAllPrincipals, listenForAccessChanges } from '../access/key-cache.ts';
import { forgetAllChannels, listenForChannelChanges } from '../channels/channel-cache.ts';
import type { DNSResolver } from '../channels/email/authenticate.ts';
import { type InboundSmtp, startInboundSmtp } from '../channels/email/smtp-listener.ts';
import { startChannelWorkers } from '../channels/workers.ts';
import type { Config } from '../config/config.ts';
import type { AppContext } from '../context.ts';
import { createMailer } from '../conversations/mailer.ts';
import { startConversationWorkers } from '../conversations/workers.ts';
import { DEMO_MAILBOX_PATH, DemoMailbox } from '../demo/mailbox.ts';
import { DEMO_STORE_PATH, seedDemo } from '../demo/seed.ts';
import { createEventBus } from '../events/bus.ts';
import { withLock } from '../jobs/locks.ts';
import { createJobQueue } from '../jobs/queue.ts';
import { loadOrCreateSecretKey } from '../secrets/key-file.ts';
import { createKeyring } from '../secrets/keyring.ts';
import { openDatabase } from '../store/database.ts';
import { migrateToLatest } from '../store/migrate.ts';
import { configureModelOutbound } from '../understanding/llm/outbound.ts';
import { buildApp } from './app.ts';
import { prepareDataDir, tightenDataDir } from './data-dir.ts';
import { createLogger } from './logger.ts';
import { registerMaintenance } from './maintenance.ts';

export interface Runtime {
  app: FastifyInstance;
  ctx: AppContext;
  bootstrap: BootstrapResult;
  /** Base URL the server listens on (after listen). */
  url: string;
  /** The inbound SMTP listener's port, when FRONTDESK_SMTP_INBOUND_PORT is set. */
  smtpPort: number | null;
  close(): Promise<void>;
}

/**
 * Opens the store, applies migrations, runs the first-start bootstrap, builds the app and
 * listens. The CLI's `start` and the tests both come through here, so tests run the
 * product as users do.
 */
export async function startRuntime(
  config: Config,
  opts: {
    logDestination?: DestinationStream;
    listen?: boolean;
    /** DNS for inbound mail authentication (tests publish DKIM keys through it). */
    emailResolver?: DNSResolver;
  } = {},
): Promise<Runtime> {
  const log = createLogger(config.logLevel, opts.logDestination);
  configureModelOutbound({ devHosts: config.modelHosts });
  const dataDir = await prepareDataDir(config.dataDir);
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: join(config.dataDir, 'pgdata'),
    poolSize: config.databasePoolSize,
  });
  try {
    await migrateToLatest(database.db as never);
    const secret = await loadOrCreateSecretKey(config.dataDir, config.secretKey);
    const keyring = createKeyring(secret.key, config.oldSecretKeys);
    const jobs = createJobQueue(database, { logger: log, pollingIntervalSeconds: 1 });
    const events = createEventBus(database, {
      logger: log,
      onReconnect: () => {
        forgetAllPrincipals(database.db);
        forgetAllChannels(database.db);
      },
    });
    await listenForAccessChanges(database.db, events);
    await listenForChannelChanges(database.db, events);
    const bootstrap = await ensureBootstrap(database.db, {
      adminKey: config.adminKey,
      adminPassword: config.adminPassword,
    });
    // With the demo on and no SMTP server, the demo workspace (the first account) gets its
    // one-time codes in the demo mailbox; other accounts have no mailer, as without the demo.
    const mailer =
      createMailer(config.smtpUrl, config.mailFrom) ??
      (config.demo && config.demoMailbox ? new DemoMailbox(bootstrap.accountId) : null);
    const ctx: AppContext = { config, database, db: database.db, keyring, log, jobs, events, mailer };
    // pg-boss creates its schema with CREATE SCHEMA, which races when processes start together.
    await withLock(database, 'frontdesk:jobs-start', () => jobs.start());
    const stoppers: (() => void)[] = [];
    if (config.workers) await registerMaintenance(ctx);
    if (bootstrap.adminKey) {
      const file = join(config.dataDir, 'admin-key');
      await writeFile(file, `${bootstrap.adminKey}\n`, { mode: 0o600 });
      await chmod(file, 0o600);
    }
    if (dataDir.loose) await tightenDataDir(config.dataDir);
    const app = await buildApp(ctx);
    let url = '';
    let smtp: InboundSmtp | null = null;
    if (opts.listen !== false) {
      await app.listen({ port: config.port, host: config.host });
      const addr = app.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.port;
      const host = config.host.includes(':') ? `[${config.host}]` : config.host;
      url = `http://${host}:${port}`;
      if (config.smtpInbound.port !== undefined) {
        smtp = await startInboundSmtp(ctx, {
          ...config.smtpInbound,
          port: config.smtpInbound.port,
          resolver: opts.emailResolver,
        }).catch(async (err: unknown) => {
          await app.close();
          throw err;
        });
      }
      if (config.demo) {
        // The demo actions call this server's own demo store over loopback http — only its
        // path, never the rest of the server (/metrics, /api/v1).
        const local = `127.0.0.1:${port}`;
        const allowance = `${local}${DEMO_STORE_PATH}`;
        if (!config.devHosts.includes(allowance)) config.devHosts.push(allowance);
        if (mailer instanceof DemoMailbox)
          log.info(
            { mailbox: `${url}${DEMO_MAILBOX_PATH}` },
            'no FRONTDESK_SMTP_URL: the demo workspace gets its one-time codes in the demo mailbox',
          );
        if (bootstrap.created) {
          bootstrap.demoAgentId = await seedDemo(
            database.db,
            bootstrap.accountId,
            `http://${local}${DEMO_STORE_PATH}`,
          );
        }
      }
    }
    if (config.workers) {
      stoppers.push(await startChannelWorkers(ctx));
      stoppers.push(await startConversationWorkers(ctx));
    }
    return {
      app,
      ctx,
      bootstrap,
      url,
      smtpPort: smtp?.port ?? null,
      close: async () => {
        for (const stop of stoppers) stop();
        await smtp?.close();
        await app.close();
        await jobs.stop({ timeoutSeconds: 10 });
        await events.close();
        await database.close();
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}
