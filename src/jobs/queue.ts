import type { PGlite } from '@electric-sql/pglite';
import PgBoss from 'pg-boss';
import { AppError } from '../shared/errors.ts';
import type { Database } from '../store/database.ts';
import { createSqlExecutor, type SqlExecutor } from './sql-executor.ts';

/**
 * Durable jobs: a thin adapter over pg-boss 11 that works on both backends.
 *
 * pg-boss always gets our own `db` (an `executeSql` over the Database's connection):
 * - PostgreSQL: the application's pool (no second pool per process). Jobs are fetched with
 *   `FOR UPDATE SKIP LOCKED`, so any number of processes can share the queue and each job
 *   runs once; schema creation and maintenance take advisory transaction locks.
 * - PGlite: the Database's PGlite instance (see ./sql-executor.ts for how multi-statement
 *   scripts are run there). PGlite is one process, so at start any job left `active` by a
 *   crash is failed straight away (and so retried under its retry policy) instead of after
 *   its expiration.
 *
 * pg-boss's cron scheduler is off; the supervisor (expiring stuck jobs, deleting old ones)
 * is on. Queues are created on first use, idempotently, with the default retry policy
 * (exponential backoff). Jobs are kept in the `pgboss` schema (or `schema`).
 */
export interface JobQueue {
  /** Creates or migrates pg-boss's schema and starts the supervisor. Idempotent. */
  start(): Promise<void>;
  /**
   * Stops fetching, waits for running handlers (up to `timeoutSeconds`, default 30; jobs
   * still running then are failed, so they are retried) and for in-flight SQL. Does not
   * close the Database. Idempotent.
   */
  stop(opts?: { timeoutSeconds?: number }): Promise<void>;
  /** Enqueues a job; returns its id, or null when a singleton rule dropped it. */
  send<T extends object>(name: string, data: T, opts?: SendOptions): Promise<string | null>;
  /** Runs `handler` for the queue's jobs, `concurrency` at a time in this process (default 1). */
  work<T>(name: string, handler: JobHandler<T>, opts?: WorkOptions): Promise<void>;
  /** Stops this process's workers of one queue (jobs already running finish). */
  offWork(name: string): Promise<void>;
}

export interface Job<T> {
  id: string;
  name: string;
  data: T;
  /** 0 on the first attempt, 1 on the first retry, … */
  retryCount: number;
  /** Retries allowed after the first attempt; the last attempt has retryCount === retryLimit. */
  retryLimit: number;
}

/** Resolve to complete the job; throw to fail it (it is retried while retries remain). */
export type JobHandler<T> = (job: Job<T>) => Promise<void>;

export interface SendOptions {
  /**
   * Deduplication key: with `singletonSeconds`, one job per key per time slot. Letters,
   * digits and `_ - . : @` only.
   */
  singletonKey?: string;
  singletonSeconds?: number;
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  /** Upper bound of the backoff delay. */
  retryDelayMaxSeconds?: number;
  startAfterSeconds?: number;
  /** How long one attempt may run before it is failed (default 15 minutes). */
  expireInSeconds?: number;
  /** Higher runs first. */
  priority?: number;
}

export interface WorkOptions {
  concurrency?: number;
  /** Overrides the queue's polling interval for these workers (minimum 0.5). */
  pollingIntervalSeconds?: number;
}

export interface RetryPolicy {
  /** Retries after the first attempt (default 8). */
  limit?: number;
  /** Fixed delay added to every retry (default 0). */
  delaySeconds?: number;
  /** Exponential backoff: about 1–2 s, 2–4 s, 4–8 s, … (jittered; default true). */
  backoff?: boolean;
  /** Cap of the backoff delay (default 3600). */
  maxDelaySeconds?: number;
}

/** A pino-compatible logger subset. */
export interface JobLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface JobQueueOptions {
  /** Schema for pg-boss's tables (default `pgboss`). */
  schema?: string;
  /** How often idle workers look for jobs, in seconds (default 2, minimum 0.5). */
  pollingIntervalSeconds?: number;
  /** How often expired jobs are failed and old ones deleted, in seconds (default 60). */
  superviseIntervalSeconds?: number;
  /** The retry policy of queues created by this adapter. */
  retry?: RetryPolicy;
  logger?: JobLogger;
}

export const DEFAULT_RETRY: Required<RetryPolicy> = {
  limit: 8,
  delaySeconds: 0,
  backoff: true,
  maxDelaySeconds: 3600,
};

const QUEUE_NAME = /^[A-Za-z0-9][\w.-]{0,99}$/;
const SINGLETON_KEY = /^[\w.:@-]{1,255}$/;
const SCHEMA_NAME = /^[A-Za-z_]\w{0,49}$/;

const consoleLogger: JobLogger = {
  warn: (obj, msg) => console.warn(msg, obj),
  error: (obj, msg) => console.error(msg, obj),
};

/** Started queues per PGlite instance: orphan recovery only when we are the first. */
const startedOnPglite = new WeakMap<PGlite, number>();

export function createJobQueue(database: Database, opts: JobQueueOptions = {}): JobQueue {
  return new PgBossJobQueue(database, opts);
}

function fail(code: string, message: string): AppError {
  return new AppError('internal', code, message);
}

function assertQueueName(name: string): void {
  if (typeof name !== 'string' || !QUEUE_NAME.test(name)) {
    throw fail(
      'job_queue_name_invalid',
      `Invalid queue name ${JSON.stringify(name)}: 1–100 letters, digits, '_', '-' or '.', starting with a letter or digit.`,
    );
  }
}

function assertPollingInterval(seconds: number | undefined): void {
  if (seconds !== undefined && !(Number.isFinite(seconds) && seconds >= 0.5)) {
    throw fail('job_queue_option_invalid', 'pollingIntervalSeconds must be at least 0.5.');
  }
}

function wholeSeconds(value: number | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0) {
    throw fail('job_queue_option_invalid', `${field} must be a whole number of seconds >= 0.`);
  }
  return value;
}

class PgBossJobQueue implements JobQueue {
  readonly #database: Database;
  readonly #schema: string;
  readonly #pollingIntervalSeconds: number;
  readonly #retry: Required<RetryPolicy>;
  readonly #logger: JobLogger;
  readonly #boss: PgBoss;
  readonly #queues = new Map<string, Promise<void>>();
  /** Our pg-boss worker ids per queue, to wake them when this process sends a job. */
  readonly #workers = new Map<string, string[]>();
  #state: 'stopped' | 'starting' | 'started' | 'stopping' = 'stopped';
  #starting: Promise<void> | null = null;
  #inflightSql = 0;
  #inflightHandlers = 0;
  /** PGlite: this queue counts in startedOnPglite. */
  #counted = false;

  constructor(database: Database, opts: JobQueueOptions) {
    const schema = opts.schema ?? 'pgboss';
    if (!SCHEMA_NAME.test(schema)) {
      throw fail('job_queue_option_invalid', `Invalid schema name ${JSON.stringify(schema)}.`);
    }
    assertPollingInterval(opts.pollingIntervalSeconds);
    this.#database = database;
    this.#schema = schema;
    this.#pollingIntervalSeconds = opts.pollingIntervalSeconds ?? 2;
    this.#retry = { ...DEFAULT_RETRY, ...opts.retry };
    wholeSeconds(this.#retry.limit, 'retry.limit');
    wholeSeconds(this.#retry.delaySeconds, 'retry.delaySeconds');
    wholeSeconds(this.#retry.maxDelaySeconds, 'retry.maxDelaySeconds');
    this.#logger = opts.logger ?? consoleLogger;

    const executor = createSqlExecutor(database);
    const tracked: SqlExecutor = {
      executeSql: async (text, values) => {
        this.#inflightSql++;
        try {
          return await executor.executeSql(text, values);
        } finally {
          this.#inflightSql--;
        }
      },
    };
    this.#boss = new PgBoss({
      db: tracked as PgBoss.Db,
      schema,
      schedule: false,
      supervise: true,
      migrate: true,
      superviseIntervalSeconds: opts.superviseIntervalSeconds ?? 60,
    });
    // pg-boss is an EventEmitter: an 'error' without a listener would crash the process.
    this.#boss.on('error', (err: unknown) => this.#logger.error({ err }, 'job queue error'));
    this.#boss.on('warning', (warning: unknown) => this.#logger.warn({ warning }, 'job queue warning'));
  }

  async start(): Promise<void> {
    if (this.#state === 'started') return;
    if (this.#starting) return await this.#starting;
    if (this.#state === 'stopping') throw fail('job_queue_stopping', 'The job queue is stopping.');
    this.#state = 'starting';
    this.#starting = (async () => {
      try {
        await this.#boss.start();
        if (this.#database.kind === 'pglite') {
          const pglite = this.#database.pglite;
          const others = startedOnPglite.get(pglite) ?? 0;
          startedOnPglite.set(pglite, others + 1);
          this.#counted = true;
          if (others === 0) await this.#recoverOrphans(pglite);
        }
        this.#state = 'started';
      } catch (err) {
        this.#state = 'stopped';
        this.#uncount();
        await this.#boss.stop({ graceful: false, close: false }).catch(() => {});
        throw err;
      } finally {
        this.#starting = null;
      }
    })();
    return await this.#starting;
  }

  /**
   * PGlite only, first queue of the process: nothing else can be running these jobs, so
   * `active` ones were cut short by a crash or kill. Fail them now so they are retried.
   */
  async #recoverOrphans(pglite: PGlite): Promise<void> {
    const { rows } = await pglite.query<{ name: string; ids: string[] }>(
      `SELECT name, array_agg(id::text) AS ids FROM ${this.#schema}.job WHERE state = 'active' GROUP BY name`,
    );
    for (const { name, ids } of rows) {
      this.#logger.warn({ queue: name, jobs: ids }, 'retrying jobs interrupted by a previous shutdown');
      for (const id of ids) {
        await this.#boss.fail(name, id, { message: 'interrupted: the process stopped while the job ran' });
      }
    }
  }

  async stop(opts: { timeoutSeconds?: number } = {}): Promise<void> {
    if (this.#starting) await this.#starting.catch(() => {});
    if (this.#state !== 'started') return;
    this.#state = 'stopping';
    const timeoutMs = Math.max(1, opts.timeoutSeconds ?? 30) * 1000;
    const deadline = Date.now() + timeoutMs;
    try {
      await this.#boss.stop({ graceful: true, wait: true, close: false, timeout: timeoutMs });
      // pg-boss returns once its workers are told to stop; one may still be finishing a fetch
      // (and then the job it got). Wait until nothing of ours is running, checking between
      // macrotasks: pg-boss chains its SQL and handler calls through promises only.
      while ((this.#inflightSql > 0 || this.#inflightHandlers > 0) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    } finally {
      this.#workers.clear();
      this.#queues.clear();
      this.#uncount();
      this.#state = 'stopped';
    }
  }

  #uncount(): void {
    if (!this.#counted || this.#database.kind !== 'pglite') return;
    this.#counted = false;
    const pglite = this.#database.pglite;
    startedOnPglite.set(pglite, Math.max(0, (startedOnPglite.get(pglite) ?? 1) - 1));
  }

  #assertStarted(): void {
    if (this.#state !== 'started') {
      throw fail('job_queue_not_started', 'The job queue is not started: call start() first.');
    }
  }

  /** pg-boss 11 needs a queue to exist before send/work; create_queue is ON CONFLICT DO NOTHING. */
  async #ensureQueue(name: string): Promise<void> {
    let created = this.#queues.get(name);
    if (!created) {
      created = this.#boss.createQueue(name, {
        policy: 'standard',
        retryLimit: this.#retry.limit,
        retryDelay: this.#retry.delaySeconds,
        retryBackoff: this.#retry.backoff,
        ...(this.#retry.backoff ? { retryDelayMax: this.#retry.maxDelaySeconds } : {}),
      });
      this.#queues.set(name, created);
      created.catch(() => this.#queues.delete(name));
    }
    await created;
  }

  async send<T extends object>(name: string, data: T, opts: SendOptions = {}): Promise<string | null> {
    assertQueueName(name);
    this.#assertStarted();
    if (opts.singletonKey !== undefined && !SINGLETON_KEY.test(opts.singletonKey)) {
      // pg-boss writes active singleton keys into SQL text: keep them to a safe alphabet.
      throw fail('job_singleton_key_invalid', `Invalid singletonKey ${JSON.stringify(opts.singletonKey)}.`);
    }
    const options: PgBoss.SendOptions = {};
    if (opts.singletonKey !== undefined) options.singletonKey = opts.singletonKey;
    if (opts.singletonSeconds !== undefined) options.singletonSeconds = opts.singletonSeconds;
    if (opts.retryLimit !== undefined) options.retryLimit = wholeSeconds(opts.retryLimit, 'retryLimit')!;
    if (opts.retryDelaySeconds !== undefined) {
      options.retryDelay = wholeSeconds(opts.retryDelaySeconds, 'retryDelaySeconds')!;
    }
    if (opts.retryBackoff !== undefined) options.retryBackoff = opts.retryBackoff;
    if (opts.retryDelayMaxSeconds !== undefined) {
      options.retryDelayMax = wholeSeconds(opts.retryDelayMaxSeconds, 'retryDelayMaxSeconds')!;
      options.retryBackoff = true;
    }
    if (opts.startAfterSeconds !== undefined && opts.startAfterSeconds > 0) {
      options.startAfter = opts.startAfterSeconds;
    }
    if (opts.expireInSeconds !== undefined) options.expireInSeconds = opts.expireInSeconds;
    if (opts.priority !== undefined) options.priority = opts.priority;

    await this.#ensureQueue(name);
    const id = await this.#boss.send(name, data, options);
    // Wake this process's idle workers instead of waiting for their next poll.
    if (id && !options.startAfter) {
      for (const workerId of this.#workers.get(name) ?? []) this.#boss.notifyWorker(workerId);
    }
    return id;
  }

  async work<T>(name: string, handler: JobHandler<T>, opts: WorkOptions = {}): Promise<void> {
    assertQueueName(name);
    assertPollingInterval(opts.pollingIntervalSeconds);
    const concurrency = opts.concurrency ?? 1;
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw fail('job_queue_option_invalid', 'concurrency must be a whole number >= 1.');
    }
    this.#assertStarted();
    await this.#ensureQueue(name);

    const run = async (jobs: PgBoss.JobWithMetadata<T>[]): Promise<void> => {
      // batchSize is 1: one job per call.
      for (const job of jobs) {
        this.#inflightHandlers++;
        try {
          await handler({
            id: job.id,
            name: job.name,
            data: job.data,
            retryCount: job.retryCount,
            retryLimit: job.retryLimit,
          });
        } catch (err) {
          const willRetry = job.retryCount < job.retryLimit;
          this.#logger.warn(
            { err, queue: name, jobId: job.id, retryCount: job.retryCount, willRetry },
            willRetry ? 'job failed; it will be retried' : 'job failed; no retries left',
          );
          throw err;
        } finally {
          this.#inflightHandlers--;
        }
      }
    };

    const ids = this.#workers.get(name) ?? [];
    this.#workers.set(name, ids);
    for (let i = 0; i < concurrency; i++) {
      const id = await this.#boss.work<T>(
        name,
        {
          batchSize: 1,
          includeMetadata: true,
          pollingIntervalSeconds: opts.pollingIntervalSeconds ?? this.#pollingIntervalSeconds,
        },
        run,
      );
      ids.push(id);
    }
  }

  async offWork(name: string): Promise<void> {
    assertQueueName(name);
    this.#workers.delete(name);
    if (this.#state === 'started') await this.#boss.offWork(name);
  }
}
