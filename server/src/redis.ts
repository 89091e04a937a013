import Redis, { type RedisOptions } from 'ioredis';

/**
 * A Redis connection. BullMQ workers need maxRetriesPerRequest: null; other
 * callers keep the default so a command fails rather than waits forever.
 */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { lazyConnect: false, enableReadyCheck: true, ...options });
}
