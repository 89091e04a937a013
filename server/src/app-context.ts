import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { Pool } from 'pg';
import type Redis from 'ioredis';
import type { Config } from './config';
import { DEFAULT_DATABASE_URL } from './db/database';
import { createPool } from './db/pool';
import { EventStore } from './event-store/event-store';
import { createLogger } from './logger';
import type { EmailJobData } from './modules/emails/email.jobs';
import type { EmailQueue, EmailQueueSettings } from './modules/emails/email.queue';
import { DEFAULT_QUEUE_PREFIX } from './modules/emails/email.queues';
import { CommandHandler } from './projections/command-handler';
import { InlineProjectionRunner } from './projections/inline-projection';
import { inlineProjections } from './projections/projection.registry';
import { createRedis } from './redis';
import { createServices, type Services } from './services';

/** What the API and the workers share: built once per process, closed once on shutdown. */
export interface AppContext {
  config: Config;
  logger: Logger;
  pool: Pool;
  redis: Redis;
  store: EventStore;
  commands: CommandHandler;
  services: Services;
  clock: () => Date;
  /** BullMQ's key prefix for this process's queues and workers. */
  queuePrefix: string;
  /** The queue of outgoing email, made on first use: a process that queues no email (the CLI) never connects it. */
  readonly emailQueue: Queue<EmailJobData>;
  close(): Promise<void>;
}

export interface AppContextOptions {
  /** Tests give each file a prefix of its own. Default: BullMQ's ("bull"). */
  queuePrefix?: string;
  /** Attempts, backoff and retention of email jobs (tests shorten the backoff). */
  emailQueue?: Omit<EmailQueueSettings, 'prefix'>;
}

export function createAppContext(
  config: Config,
  logger = createLogger(config),
  clock: () => Date = () => new Date(),
  options: AppContextOptions = {},
): AppContext {
  const pool = createPool(config.DATABASE_URL ?? DEFAULT_DATABASE_URL, { max: config.DB_POOL_SIZE });
  const redis = createRedis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
  redis.on('error', (error) => logger.warn({ err: error.message }, 'redis connection error'));
  const store = new EventStore(pool);
  const commands = new CommandHandler({
    pool,
    store,
    projections: new InlineProjectionRunner(inlineProjections),
    clock,
  });
  const services = createServices({
    pool,
    store,
    commands,
    clock,
    publicUrl: config.PUBLIC_URL,
    redis,
    redisPrefix: config.REDIS_PREFIX,
    logger,
  });
  const queuePrefix = options.queuePrefix ?? DEFAULT_QUEUE_PREFIX;
  let emailQueue: EmailQueue | null = null;
  return {
    config,
    logger,
    pool,
    redis,
    store,
    commands,
    services,
    clock,
    queuePrefix,
    get emailQueue() {
      if (!emailQueue) {
        // Loaded here rather than on top: BullMQ takes a while to load, and most CLI commands never need it.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { createEmailQueue } =
          require('./modules/emails/email.queue') as typeof import('./modules/emails/email.queue');
        emailQueue = createEmailQueue(
          config.REDIS_URL,
          { ...options.emailQueue, prefix: queuePrefix },
          logger,
        );
      }
      return emailQueue.queue;
    },
    async close() {
      await Promise.allSettled([pool.end(), redis.quit(), emailQueue?.close()]);
    },
  };
}
