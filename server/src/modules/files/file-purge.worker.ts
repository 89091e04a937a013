import { Queue, Worker } from 'bullmq';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { ObjectStorage } from '../../integrations/object-storage';
import { redisRetryStrategy } from '../emails/email.queue';
import { DEFAULT_QUEUE_PREFIX } from '../emails/email.queues';
import { purgeRemovedFiles } from './file-purge';

/** The queue of the purge of removed files' objects, with its one repeatable job. */
export const FILE_PURGE_QUEUE = 'file-purge';
export const FILE_PURGE_SCHEDULER = 'purge-removed-files';
export const FILE_PURGE_EVERY_MS = 3600_000;

export interface FilePurgeWorkerOptions {
  pool: Pool;
  storage: ObjectStorage;
  redisUrl: string;
  logger: Logger;
  prefix?: string;
  clock?: () => Date;
  everyMs?: number;
}

/**
 * Every hour (a BullMQ job scheduler: one job per period, whichever worker
 * process takes it), deletes the objects of documents removed more than 30
 * days ago by the clock. Schedules itself on start, retrying while Redis is
 * away.
 */
export class FilePurgeWorker {
  readonly queue: Queue;
  readonly worker: Worker;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly options: FilePurgeWorkerOptions) {
    const connection = {
      url: options.redisUrl,
      maxRetriesPerRequest: null,
      retryStrategy: redisRetryStrategy,
    };
    const prefix = options.prefix ?? DEFAULT_QUEUE_PREFIX;
    const clock = options.clock ?? (() => new Date());
    this.queue = new Queue(FILE_PURGE_QUEUE, { connection, prefix });
    this.queue.on('error', (error) =>
      options.logger.warn({ err: error.message }, 'file purge queue: redis error'),
    );
    this.worker = new Worker(
      FILE_PURGE_QUEUE,
      async () => {
        const purged = await purgeRemovedFiles(options.pool, options.storage, clock());
        if (purged) options.logger.info({ purged }, 'purged the objects of removed files');
        return { purged };
      },
      { connection, prefix, concurrency: 1 },
    );
    this.worker.on('error', (error) =>
      options.logger.warn({ err: error.message }, 'file purge worker: redis error'),
    );
    this.worker.on('failed', (_job, error) => options.logger.error({ err: error }, 'file purge failed'));
    this.schedule();
  }

  private schedule(): void {
    this.queue
      .upsertJobScheduler(
        FILE_PURGE_SCHEDULER,
        { every: this.options.everyMs ?? FILE_PURGE_EVERY_MS },
        { name: FILE_PURGE_SCHEDULER, opts: { removeOnComplete: 24, removeOnFail: 100 } },
      )
      .catch((error: Error) => {
        if (this.closed) return;
        this.options.logger.warn({ err: error.message }, 'could not schedule the file purge; retrying');
        this.retry = setTimeout(() => this.schedule(), 30_000);
      });
  }

  /** Lets a running purge finish, then disconnects. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    await Promise.all([this.worker.close(), this.queue.close()]);
  }
}
