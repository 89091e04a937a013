import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { AsyncProcessor } from '../../projections/async-processor';
import type { EmailJobData, PlannedEmailJob } from './email.jobs';
import type { EmailPlanContext, EmailPlanner } from './email.planner';
import { InvoiceKeyMaker } from '../invoices/invoice-key';
import { EmailSeal } from './email.seal';

export interface EmailDispatcherOptions {
  /** The emails queue; a function so that it is made only when the first email is queued. */
  queue: () => Queue<EmailJobData>;
  publicUrl: string;
  /** Which events send email, and how (email.planners.ts). */
  planners: Readonly<Record<string, EmailPlanner>>;
  /** How long queueing may take before the batch is given up (and retried by the runner). */
  enqueueTimeoutMs?: number;
  logger?: Logger;
}

export const EMAIL_DISPATCHER = 'email-dispatcher';

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Follows the log and queues the email jobs of each event, in the transaction
 * that moves its checkpoint: the outbox rows of the batch are deleted in it too.
 * Should Redis be away, queueing throws, nothing commits, the outbox rows stay
 * and the runner tries again. A job's id comes from its event and recipient, so
 * a batch queued twice (committed in Redis, rolled back here; a replay) adds
 * nothing the second time.
 */
export function createEmailDispatcher(options: EmailDispatcherOptions): AsyncProcessor {
  const planners = options.planners;
  const context: EmailPlanContext = {
    publicUrl: options.publicUrl.replace(/\/$/, ''),
    seal: new EmailSeal(),
    keys: new InvoiceKeyMaker(),
  };
  return {
    name: EMAIL_DISPATCHER,
    eventTypes: Object.keys(planners),
    batchSize: 100,
    async handle(events, db) {
      const jobs: PlannedEmailJob[] = [];
      for (const event of events) jobs.push(...(await planners[event.type](event, db, context)));
      if (jobs.length) {
        await withTimeout(
          options
            .queue()
            .addBulk(
              jobs.map((job) => ({ name: job.data.kind, data: job.data, opts: { jobId: job.jobId } })),
            ),
          options.enqueueTimeoutMs ?? 5_000,
          'queueing email jobs',
        );
        options.logger?.info({ jobs: jobs.map((job) => job.jobId) }, 'email jobs queued');
      }
      await db.query('DELETE FROM email_outbox WHERE event_id = ANY($1::uuid[])', [
        events.map((event) => event.eventId),
      ]);
    },
  };
}
