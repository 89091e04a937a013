import { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { createRedis } from '../../redis';
import type { EmailJobData } from './email.jobs';
import {
  DEFAULT_QUEUE_PREFIX,
  EMAIL_JOB_ATTEMPTS,
  EMAIL_JOB_BACKOFF_MS,
  EMAIL_QUEUE,
  KEEP_COMPLETED_SECONDS,
  KEEP_FAILED_SECONDS,
} from './email.queues';

export interface EmailQueueSettings {
  prefix?: string;
  attempts?: number;
  /** The first retry's delay; each next one doubles. */
  backoffMs?: number;
  keepCompletedSeconds?: number;
  keepFailedSeconds?: number;
}

export interface EmailQueue {
  queue: Queue<EmailJobData>;
  close(): Promise<void>;
}

/** Reconnects to a Redis that went away: quickly at first, then every 5 s at most. */
export const redisRetryStrategy = (times: number) => Math.min(times * 200, 5_000);

/**
 * The producer side of the emails queue. Its connection has no offline queue:
 * while Redis is away, add() fails at once (the dispatcher's transaction rolls
 * back and the runner retries) instead of waiting for Redis to come back.
 */
export function createEmailQueue(
  redisUrl: string,
  settings: EmailQueueSettings = {},
  logger?: Logger,
): EmailQueue {
  const connection = createRedis(redisUrl, {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: redisRetryStrategy,
  });
  const queue = new Queue<EmailJobData>(EMAIL_QUEUE, {
    connection,
    prefix: settings.prefix ?? DEFAULT_QUEUE_PREFIX,
    defaultJobOptions: {
      attempts: settings.attempts ?? EMAIL_JOB_ATTEMPTS,
      backoff: { type: 'exponential', delay: settings.backoffMs ?? EMAIL_JOB_BACKOFF_MS },
      removeOnComplete: { age: settings.keepCompletedSeconds ?? KEEP_COMPLETED_SECONDS },
      removeOnFail: { age: settings.keepFailedSeconds ?? KEEP_FAILED_SECONDS },
    },
  });
  queue.on('error', (error) => logger?.warn({ err: error.message }, 'email queue: redis error'));
  return {
    queue,
    async close() {
      // The connection is ours (BullMQ leaves a connection it was given alone): end it ourselves.
      await queue.close().catch(() => undefined);
      connection.disconnect();
    },
  };
}
