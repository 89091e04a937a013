import type { AppContext } from './app-context';
import { createMailer } from './integrations/mailer.factory';
import { stripeSettingsOf } from './integrations/stripe.client';
import type { Mailer } from './integrations/mailer';
import { asyncProcessors } from './modules';
import { EmailWorker } from './modules/emails/email.worker';
import { startInvoiceReminders, type ReminderScheduler } from './modules/payments/invoice-reminders';
import { FilePurgeWorker } from './modules/files/file-purge.worker';
import { startRecurringInvoices } from './modules/recurrences/recurrence.job';
import { startNotificationEmails } from './modules/notifications/notification-emails';
import { ProcessorRunner, type ProcessorRunnerOptions } from './projections/async-processor';

export interface RunningWorker {
  runners: ProcessorRunner[];
  emailWorker: EmailWorker;
  /** The repeatable job that emails reminders of unpaid invoices. */
  invoiceReminders: ReminderScheduler;
  filePurgeWorker: FilePurgeWorker;
  stop(): Promise<void>;
}

export interface WorkerOptions {
  /** Default: SMTP with SMTP_URL, else SendGrid when SENDGRID_API_KEY is set, else the dev mailbox. */
  mailer?: Mailer;
  emailConcurrency?: number;
  runner?: Omit<ProcessorRunnerOptions, 'onError'>;
}

/**
 * Runs every async processor (one active instance each across processes, by
 * advisory lock), the email worker and the hourly purge of removed files.
 * stop() lets the batch in hand, the emails being sent and a running purge finish.
 */
export function startWorker(context: AppContext, options: WorkerOptions = {}): RunningWorker {
  const runners = asyncProcessors({
    emailQueue: () => context.emailQueue,
    publicUrl: context.config.PUBLIC_URL,
    logger: context.logger,
    stripe: stripeSettingsOf(context.config),
    live: () => context.live,
  }).map(
    (processor) =>
      new ProcessorRunner(context.pool, context.store, processor, {
        ...options.runner,
        onError: (error) =>
          context.logger.error({ err: error, processor: processor.name }, 'processor failed; retrying'),
      }),
  );
  for (const runner of runners) runner.start();
  const mailer = options.mailer ?? createMailer(context.config, context.pool);
  if (mailer.name === 'dev-mailbox') {
    const where = context.config.NODE_ENV === 'production' ? 'the dev_mailbox table' : '/dev/mailbox';
    context.logger.warn(`no SMTP_URL or SENDGRID_API_KEY: emails go to ${where}, nothing leaves the machine`);
  } else if (mailer.name === 'smtp' && context.config.SENDGRID_API_KEY) {
    context.logger.warn('SMTP_URL and SENDGRID_API_KEY are both set: emails go through SMTP_URL');
  }
  const emailWorker = new EmailWorker({
    pool: context.pool,
    redisUrl: context.config.REDIS_URL,
    prefix: context.queuePrefix,
    mailer,
    logger: context.logger.child({ worker: 'emails' }),
    concurrency: options.emailConcurrency,
    clock: context.clock,
    publicUrl: context.config.PUBLIC_URL,
    replyToFallback: context.config.EMAIL_REPLY_TO ?? context.config.EMAIL_FROM,
    documents: context.services.invoiceDocuments,
  });
  const filePurgeWorker = new FilePurgeWorker({
    pool: context.pool,
    storage: context.storage,
    redisUrl: context.config.REDIS_URL,
    prefix: context.queuePrefix,
    logger: context.logger.child({ worker: 'file-purge' }),
    clock: context.clock,
  });
  const invoiceReminders = startInvoiceReminders({
    pool: context.pool,
    commands: context.commands,
    redisUrl: context.config.REDIS_URL,
    prefix: context.queuePrefix,
    clock: context.clock,
    logger: context.logger.child({ worker: 'invoice-reminders' }),
  });
  const recurringInvoices = startRecurringInvoices({
    pool: context.pool,
    recurrences: context.services.recurrences,
    redisUrl: context.config.REDIS_URL,
    prefix: context.queuePrefix,
    clock: context.clock,
    logger: context.logger.child({ worker: 'recurring-invoices' }),
  });
  const notificationEmails = startNotificationEmails({
    pool: context.pool,
    emailQueue: () => context.emailQueue,
    publicUrl: context.config.PUBLIC_URL.replace(/\/$/, ''),
    redisUrl: context.config.REDIS_URL,
    prefix: context.queuePrefix,
    clock: context.clock,
    logger: context.logger.child({ worker: 'notification-emails' }),
  });
  return {
    runners,
    emailWorker,
    invoiceReminders,
    filePurgeWorker,
    stop: async () => {
      await Promise.all([
        ...runners.map((runner) => runner.stop()),
        emailWorker.close(),
        invoiceReminders.close(),
        recurringInvoices.close(),
        notificationEmails.close(),
        filePurgeWorker.close(),
      ]);
    },
  };
}
