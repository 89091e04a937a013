import Redis, { type RedisOptions } from 'ioredis';

/**
 * A Redis connection. BullMQ workers need maxRetriesPerRequest: null; other
 * callers keep the default so a command fails rather than waits forever.
 * It connects on its first command, so a process that never uses Redis never needs it.
 */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { lazyConnect: true, enableReadyCheck: true, ...options });
}
