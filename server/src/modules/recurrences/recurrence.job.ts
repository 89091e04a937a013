import { Queue, Worker } from 'bullmq';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { redisRetryStrategy } from '../emails/email.queue';
import type { RecurrenceService } from './recurrence.service';

export const RECURRENCE_QUEUE = 'recurring-invoices';
/** How often the job looks for periods to issue. */
export const RECURRENCE_EVERY_MS = 15 * 60 * 1000;

export interface RecurrenceRunOptions {
  pool: Pool;
  recurrences: RecurrenceService;
  now: Date;
  logger?: Logger;
}

export interface RecurrenceRun {
  issued: number;
  failed: number;
}

/**
 * One run of the recurring invoices job: every active schedule whose next
 * period has come issues it, and any others due since (each its own
 * transaction, exactly once: RecurrenceService.issueNext).
 */
export async function runRecurringInvoices(options: RecurrenceRunOptions): Promise<RecurrenceRun> {
  const { rows } = await options.pool.query(
    `SELECT id, workspace_id FROM recurring_invoices WHERE status = 'ACTIVE' AND next_issue_at <= $1
     ORDER BY next_issue_at, id`,
    [options.now],
  );
  const run: RecurrenceRun = { issued: 0, failed: 0 };
  for (const row of rows) {
    try {
      run.issued += await options.recurrences.issueDue(row.id, row.workspace_id, options.now);
    } catch (error) {
      run.failed++;
      options.logger?.error(
        { err: error, recurrenceId: row.id },
        'recurring invoice failed; the next run tries again',
      );
    }
  }
  return run;
}

/** The repeatable job (one scheduler however many workers upsert it) and its worker, at the clock of the moment. */
export function startRecurringInvoices(options: {
  pool: Pool;
  recurrences: RecurrenceService;
  redisUrl: string;
  prefix: string;
  clock: () => Date;
  logger: Logger;
  everyMs?: number;
}): { close(): Promise<void> } {
  const connection = { url: options.redisUrl, maxRetriesPerRequest: null, retryStrategy: redisRetryStrategy };
  const queue = new Queue(RECURRENCE_QUEUE, { connection, prefix: options.prefix });
  queue.on('error', (error) =>
    options.logger.warn({ err: error.message }, 'recurring invoices queue: redis error'),
  );
  const worker = new Worker(
    RECURRENCE_QUEUE,
    () =>
      runRecurringInvoices({
        pool: options.pool,
        recurrences: options.recurrences,
        now: options.clock(),
        logger: options.logger,
      }),
    { connection, prefix: options.prefix, concurrency: 1 },
  );
  worker.on('error', (error) =>
    options.logger.warn({ err: error.message }, 'recurring invoices worker: redis error'),
  );
  worker.on('failed', (_job, error) => options.logger.error({ err: error }, 'recurring invoices run failed'));
  queue
    .upsertJobScheduler(
      'recurring-invoices',
      { every: options.everyMs ?? RECURRENCE_EVERY_MS },
      { name: 'issue', opts: { removeOnComplete: 100, removeOnFail: 100 } },
    )
    .catch((error) => options.logger.error({ err: error }, 'could not schedule the recurring invoices'));
  return {
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
