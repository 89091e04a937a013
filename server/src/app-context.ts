import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { Pool } from 'pg';
import type Redis from 'ioredis';
import type { Config } from './config';
import { DEFAULT_DATABASE_URL } from './db/database';
import { createPool } from './db/pool';
import { EventStore } from './event-store/event-store';
import { createObjectStorage, type ObjectStorage } from './integrations/object-storage';
import { createLogger } from './logger';
import { eventPersonalData, eventUpcasters, inlineProjections } from './modules';
import { requireCheckedImageTypes } from './modules/files/image-signature';
import { BRANDING_MAX_BYTES, DEFAULT_UPLOAD_CONTENT_TYPES } from './modules/files/upload.limits';
import type { EmailJobData } from './modules/emails/email.jobs';
import type { EmailQueue } from './modules/emails/email.queue';
import { CommandHandler } from './projections/command-handler';
import { InlineProjectionRunner } from './projections/inline-projection';
import { LiveBus } from './graphql/live/live-bus';
import { createRedis } from './redis';
import { createServices, type Services } from './services';
import { stripeSettingsOf } from './integrations/stripe.client';

/** What the API and the workers share: built once per process, closed once on shutdown. */
export interface AppContext {
  config: Config;
  logger: Logger;
  pool: Pool;
  redis: Redis;
  store: EventStore;
  commands: CommandHandler;
  services: Services;
  /** The files' S3 (the embedded server without S3_ENDPOINT): connected on first use, by the API when it starts. */
  storage: ObjectStorage;
  clock: () => Date;
  /** Live updates between processes (Redis pub/sub under REDIS_PREFIX); its subscribing connection is made on first subscribe. */
  live: LiveBus;
  /** BullMQ's key prefix for the queues and their workers: REDIS_PREFIX. */
  queuePrefix: string;
  /** The queue of outgoing email, made on first use: a process that queues no email (the CLI) never connects it. */
  readonly emailQueue: Queue<EmailJobData>;
  close(): Promise<void>;
}

/** Loaded on first use rather than on top: BullMQ takes a while to load, and the CLI never needs it. */
function loadEmailQueueModule(): typeof import('./modules/emails/email.queue') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./modules/emails/email.queue');
}

export interface AppContextOptions {
  /** Where the embedded S3 server keeps its files (default .data/s3); tests give each API its own. */
  embeddedS3Directory?: string;
}

export function createAppContext(
  config: Config,
  logger = createLogger(config),
  clock: () => Date = () => new Date(),
  options: AppContextOptions = {},
): AppContext {
  // The service's own login: DATABASE_APP_URL as given, else portal_app on DATABASE_URL's database.
  const pool = config.DATABASE_APP_URL
    ? createPool(config.DATABASE_APP_URL, { max: config.DB_POOL_SIZE, asAppRole: false })
    : createPool(config.DATABASE_URL ?? DEFAULT_DATABASE_URL, { max: config.DB_POOL_SIZE });
  const redis = createRedis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
  redis.on('error', (error) => logger.warn({ err: error.message }, 'redis connection error'));
  const store = new EventStore(pool, eventUpcasters(), eventPersonalData());
  const projections = new InlineProjectionRunner(inlineProjections);
  const commands = new CommandHandler({ pool, store, projections, clock });
  const uploadLimits = {
    maxBytes: config.UPLOAD_MAX_BYTES,
    // An image type whose bytes cannot be checked could never complete: refused at start.
    contentTypes: requireCheckedImageTypes(
      config.UPLOAD_CONTENT_TYPES ?? DEFAULT_UPLOAD_CONTENT_TYPES,
      'UPLOAD_CONTENT_TYPES',
    ),
  };
  const storage = createObjectStorage(config, {
    embeddedDirectory: options.embeddedS3Directory,
    // The form around the file is small; 1 MiB over the largest file allowed is plenty.
    maxPostBytes: Math.max(uploadLimits.maxBytes, BRANDING_MAX_BYTES) + 1024 * 1024,
  });
  const services = createServices({
    pool,
    store,
    commands,
    projections,
    clock,
    publicUrl: config.PUBLIC_URL,
    redis,
    redisPrefix: config.REDIS_PREFIX,
    stripe: stripeSettingsOf(config),
    logger,
    storage,
    uploadLimits,
  });
  const queuePrefix = config.REDIS_PREFIX;
  const live = new LiveBus(redis, config.REDIS_PREFIX, logger);
  let emailQueue: EmailQueue | null = null;
  return {
    config,
    logger,
    pool,
    redis,
    store,
    commands,
    services,
    storage,
    clock,
    queuePrefix,
    live,
    get emailQueue() {
      if (!emailQueue) {
        const { createEmailQueue } = loadEmailQueueModule();
        emailQueue = createEmailQueue(config.REDIS_URL, { prefix: queuePrefix }, logger);
      }
      return emailQueue.queue;
    },
    async close() {
      await live.close();
      await services.projectAt.close();
      await Promise.allSettled([pool.end(), redis.quit(), emailQueue?.close(), storage.close()]);
    },
  };
}
