import { Queue, Worker } from 'bullmq';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { inTransaction } from '../../db/pool';
import { billingLink, invoiceRecipients, reminderEventId } from '../emails/invoice.email';
import { emailJobId, type EmailJobData, type InvoiceEmailJob } from '../emails/email.jobs';
import { redisRetryStrategy } from '../emails/email.queue';
import type { ReminderKind } from '../emails/templates/invoice.template';

export const REMINDER_QUEUE = 'invoice-reminders';
/** How often the reminders job looks for invoices to remind of. */
export const REMINDER_EVERY_MS = 60 * 60 * 1000;

const DAY_MS = 24 * 3600 * 1000;

/** When each reminder is due, from the invoice's due day (UTC): 3 days before, on it, 7 days after. */
const REMINDERS: readonly { kind: ReminderKind; offsetDays: number }[] = [
  { kind: 'after-due', offsetDays: 7 },
  { kind: 'on-due', offsetDays: 0 },
  { kind: 'before-due', offsetDays: -3 },
];

const startOfUtcDay = (date: Date) => Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());

/**
 * The reminder an unpaid invoice is due for now: the latest one whose day has
 * come (a job that was down for a while sends the one that fits today, not
 * every one it missed); null before the first.
 */
export function reminderDue(dueDate: Date, now: Date): ReminderKind | null {
  const today = startOfUtcDay(now);
  const dueDay = startOfUtcDay(dueDate);
  return REMINDERS.find((r) => today >= dueDay + r.offsetDays * DAY_MS)?.kind ?? null;
}

export interface ReminderRunOptions {
  pool: Pool;
  /** The emails queue the reminders go to. */
  emailQueue: () => Queue<EmailJobData>;
  publicUrl: string;
  now: Date;
  logger?: Logger;
}

/**
 * One run of the reminders job: each SENT or PARTIALLY_PAID invoice with a
 * due date gets each reminder once (invoice_reminders, keyed by invoice and
 * kind), to every live contact of its client. The row and the queueing go
 * together: a queueing that fails rolls the row back, and the next run tries
 * again; the email jobs' ids make a second queueing add nothing.
 */
export async function runInvoiceReminders(options: ReminderRunOptions): Promise<{ sent: number }> {
  const { pool, now } = options;
  const publicUrl = options.publicUrl.replace(/\/$/, '');
  const { rows } = await pool.query(
    `SELECT id, workspace_id, client_id, project_id, number, currency, total::int AS total,
            (total - amount_paid)::int AS due, due_date
     FROM invoices WHERE status IN ('SENT', 'PARTIALLY_PAID') AND due_date IS NOT NULL
       AND due_date < $1::timestamptz + interval '4 days'
     ORDER BY due_date, id`,
    [now],
  );
  let sent = 0;
  for (const invoice of rows) {
    const kind = reminderDue(invoice.due_date, now);
    if (!kind) continue;
    const queued = await inTransaction(pool, async (db) => {
      const inserted = await db.query(
        `INSERT INTO invoice_reminders (invoice_id, kind, workspace_id, sent_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING RETURNING invoice_id`,
        [invoice.id, kind, invoice.workspace_id, now],
      );
      if (!inserted.rowCount) return 0;
      const { slug, contacts } = await invoiceRecipients(db, invoice.workspace_id, invoice.client_id);
      if (!slug || !contacts.length) return 0;
      const eventId = reminderEventId(invoice.id, kind);
      const jobs = contacts.map((contact) => {
        const data: InvoiceEmailJob = {
          kind: 'invoice-reminder',
          workspaceId: invoice.workspace_id,
          eventId,
          to: { email: contact.email, name: contact.name },
          invoiceId: invoice.id,
          number: invoice.number,
          currency: invoice.currency,
          total: invoice.total,
          amount: invoice.due,
          dueDate: (invoice.due_date as Date).toISOString().slice(0, 10),
          reminder: kind,
          link: billingLink(publicUrl, slug, invoice.project_id),
        };
        return {
          name: data.kind,
          data,
          opts: { jobId: emailJobId('invoice-reminder', eventId, contact.id) },
        };
      });
      await options.emailQueue().addBulk(jobs);
      return jobs.length;
    });
    if (queued)
      options.logger?.info({ invoiceId: invoice.id, kind, emails: queued }, 'invoice reminder queued');
    sent += queued;
  }
  return { sent };
}

export interface ReminderScheduler {
  queue: Queue;
  worker: Worker;
  close(): Promise<void>;
}

/**
 * The reminders queue: a repeatable job (every REMINDER_EVERY_MS) and its
 * worker, which runs runInvoiceReminders with the clock of the moment.
 */
export function startInvoiceReminders(options: {
  pool: Pool;
  redisUrl: string;
  prefix: string;
  emailQueue: () => Queue<EmailJobData>;
  publicUrl: string;
  clock: () => Date;
  logger: Logger;
  everyMs?: number;
}): ReminderScheduler {
  const connection = { url: options.redisUrl, maxRetriesPerRequest: null, retryStrategy: redisRetryStrategy };
  const queue = new Queue(REMINDER_QUEUE, { connection, prefix: options.prefix });
  queue.on('error', (error) => options.logger.warn({ err: error.message }, 'reminders queue: redis error'));
  const worker = new Worker(
    REMINDER_QUEUE,
    () =>
      runInvoiceReminders({
        pool: options.pool,
        emailQueue: options.emailQueue,
        publicUrl: options.publicUrl,
        now: options.clock(),
        logger: options.logger,
      }),
    { connection, prefix: options.prefix, concurrency: 1 },
  );
  worker.on('error', (error) => options.logger.warn({ err: error.message }, 'reminders worker: redis error'));
  worker.on('failed', (_job, error) => options.logger.error({ err: error }, 'invoice reminders run failed'));
  // One scheduler however many workers start: upserting it again changes nothing.
  queue
    .upsertJobScheduler(
      'invoice-reminders',
      { every: options.everyMs ?? REMINDER_EVERY_MS },
      { name: 'remind', opts: { removeOnComplete: 100, removeOnFail: 100 } },
    )
    .catch((error) => options.logger.error({ err: error }, 'could not schedule the invoice reminders'));
  return {
    queue,
    worker,
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
