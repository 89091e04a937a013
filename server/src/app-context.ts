import type { Logger } from 'pino';
import type { Pool } from 'pg';
import type Redis from 'ioredis';
import type { Config } from './config';
import { DEFAULT_DATABASE_URL } from './db/database';
import { createPool } from './db/pool';
import { EventStore } from './event-store/event-store';
import { createLogger } from './logger';
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
  close(): Promise<void>;
}

export function createAppContext(
  config: Config,
  logger = createLogger(config),
  clock: () => Date = () => new Date(),
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
  const services = createServices({ pool, store, commands, clock, publicUrl: config.PUBLIC_URL });
  return {
    config,
    logger,
    pool,
    redis,
    store,
    commands,
    services,
    clock,
    async close() {
      await Promise.allSettled([pool.end(), redis.quit()]);
    },
  };
}
