import { Queue } from 'bullmq';
import type Redis from 'ioredis';
import type { AppContext } from '../app-context';
import { EMAIL_QUEUE } from '../modules/emails/email.queues';
import { FILE_PURGE_QUEUE } from '../modules/files/file-purge.worker';
import { REMINDER_QUEUE } from '../modules/payments/invoice-reminders';
import { createRedis } from '../redis';

/** Every BullMQ queue of the service, as /metrics and /admin/queues see them. */
export const QUEUE_NAMES = [EMAIL_QUEUE, FILE_PURGE_QUEUE, REMINDER_QUEUE] as const;

/**
 * The queues seen from the API (to count and to inspect, never to work on),
 * on one connection of their own, made on first use. The connection has no
 * offline queue: while Redis is away a command fails at once rather than waits.
 */
export class OpsQueues {
  private connection: Redis | null = null;
  private made: Queue[] | null = null;

  constructor(private readonly context: AppContext) {}

  get queues(): Queue[] {
    if (!this.made) {
      const connection = createRedis(this.context.config.REDIS_URL, {
        lazyConnect: false,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        retryStrategy: (times) => Math.min(times * 200, 5_000),
      });
      connection.on('error', (error) =>
        this.context.logger.debug({ err: error.message }, 'ops queues: redis error'),
      );
      this.connection = connection;
      this.made = QUEUE_NAMES.map((name) => {
        const queue = new Queue(name, { connection, prefix: this.context.queuePrefix });
        queue.on('error', () => undefined);
        return queue;
      });
    }
    return this.made;
  }

  async close(): Promise<void> {
    await Promise.allSettled((this.made ?? []).map((queue) => queue.close()));
    this.connection?.disconnect();
    this.made = null;
    this.connection = null;
  }
}
