import { Queue, Worker } from 'bullmq';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { Actor } from '../../event-store/event.types';
import type { CommandHandler } from '../../projections/command-handler';
import { DEFAULT_REMINDER_DAYS } from '../billing/billing-settings.events';
import { redisRetryStrategy } from '../emails/email.queue';
import { reminderDue, utcDay } from '../invoices/invoice-reminder.schedule';
import { invoiceDecider } from '../invoices/invoice.decider';
import { invoiceStreamId } from '../invoices/invoice.events';
import { sendAudience } from '../invoices/invoice.service';

export const REMINDER_QUEUE = 'invoice-reminders';
/** How often the reminders job looks for invoices to remind of. */
export const REMINDER_EVERY_MS = 60 * 60 * 1000;

/** Who sends the reminders. */
export const REMINDERS_ACTOR: Actor = { kind: 'SYSTEM', id: null, name: 'Reminders' };

/** The kinds the reminders job wrote to invoice_reminders before reminders were events, as days from the due date. */
const LEGACY_DAYS: Record<string, number> = { 'before-due': -3, 'on-due': 0, 'after-due': 7 };

export interface ReminderRunOptions {
  pool: Pool;
  commands: CommandHandler;
  now: Date;
  logger?: Logger;
}

export interface ReminderRun {
  /** Reminders decided (InvoiceReminderSent appended): each sends its emails through the outbox. */
  reminded: number;
  /** Invoices whose reminder could not be decided (logged; the next run tries again). */
  failed: number;
}

/**
 * One run of the reminders job. Each unpaid invoice with a due date and
 * reminders on, of a live client of an open portal, is asked for the reminder
 * its workspace's schedule has for today; its decider decides (once per day
 * of the schedule, never twice the same day, never for paid or void
 * invoices). Exactly once across runs, restarts and processes: the reminder
 * is an event on the invoice's stream, appended at the version the decision
 * was made on, so of two runs at once one appends and the other, deciding
 * again on the new version, decides nothing. Its emails follow the event
 * through the email dispatcher (one per event and contact).
 */
export async function runInvoiceReminders(options: ReminderRunOptions): Promise<ReminderRun> {
  const { pool, now } = options;
  const today = utcDay(now);
  const { rows } = await pool.query(
    `SELECT i.id, i.workspace_id, i.client_id, i.due_date, i.reminded_days,
            coalesce(b.reminder_days, $3::int[]) AS schedule
     FROM invoices i
     JOIN clients cl ON cl.id = i.client_id AND NOT cl.archived
     JOIN workspaces w ON w.id = i.workspace_id AND w.portal_enabled
     LEFT JOIN billing_settings b ON b.workspace_id = i.workspace_id
     WHERE i.status IN ('SENT', 'PARTIALLY_PAID') AND i.due_date IS NOT NULL AND i.reminders_enabled
       AND i.due_date > $1::timestamptz - interval '366 days' AND i.due_date < $1::timestamptz + interval '61 days'
       AND (i.last_reminded_on IS NULL OR i.last_reminded_on < $2::date)
     ORDER BY i.due_date, i.id`,
    [now, today, [...DEFAULT_REMINDER_DAYS]],
  );
  const run: ReminderRun = { reminded: 0, failed: 0 };
  for (const invoice of rows) {
    const day = reminderDue(invoice.schedule, invoice.due_date, today);
    if (day === null || (invoice.reminded_days as number[]).some((earlier) => earlier >= day)) continue;
    try {
      const { events } = await options.commands.handle(
        invoiceStreamId(invoice.id),
        invoiceDecider,
        {
          type: 'SendReminder',
          schedule: invoice.schedule,
          today,
          remindedBefore: [],
          audience: { clientName: '', clientArchived: false, portalEnabled: true },
        },
        { actor: REMINDERS_ACTOR, correlationId: `reminders-${today}`, tenantId: invoice.workspace_id },
        {
          prepare: async (db, command) => {
            const legacy = await db.query('SELECT kind FROM invoice_reminders WHERE invoice_id = $1', [
              invoice.id,
            ]);
            return {
              ...command,
              audience: await sendAudience(db, {
                workspaceId: invoice.workspace_id,
                clientId: invoice.client_id,
              }),
              remindedBefore: legacy.rows.map((row) => LEGACY_DAYS[row.kind]).filter((d) => d !== undefined),
            };
          },
        },
      );
      if (events.length) {
        run.reminded++;
        options.logger?.info({ invoiceId: invoice.id, daysFromDue: day }, 'invoice reminder decided');
      }
    } catch (error) {
      run.failed++;
      options.logger?.error(
        { err: error, invoiceId: invoice.id },
        'invoice reminder failed; the next run tries again',
      );
    }
  }
  return run;
}

export interface ReminderScheduler {
  queue: Queue;
  worker: Worker;
  close(): Promise<void>;
}

/**
 * The reminders queue: a repeatable job (every REMINDER_EVERY_MS; one
 * scheduler however many workers upsert it) and its worker, which runs
 * runInvoiceReminders with the clock of the moment.
 */
export function startInvoiceReminders(options: {
  pool: Pool;
  commands: CommandHandler;
  redisUrl: string;
  prefix: string;
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
        commands: options.commands,
        now: options.clock(),
        logger: options.logger,
      }),
    { connection, prefix: options.prefix, concurrency: 1 },
  );
  worker.on('error', (error) => options.logger.warn({ err: error.message }, 'reminders worker: redis error'));
  worker.on('failed', (_job, error) => options.logger.error({ err: error }, 'invoice reminders run failed'));
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
