import type { AppContext } from './app-context';
import { createMailer } from './integrations/mailer.factory';
import type { Mailer } from './integrations/mailer';
import { EmailWorker } from './modules/emails/email.worker';
import { ProcessorRunner, type ProcessorRunnerOptions } from './projections/async-processor';
import { asyncProcessors } from './projections/processor.registry';

export interface RunningWorker {
  runners: ProcessorRunner[];
  emailWorker: EmailWorker;
  stop(): Promise<void>;
}

export interface WorkerOptions {
  /** Default: SendGrid when SENDGRID_API_KEY is set, else the dev mailbox. */
  mailer?: Mailer;
  emailConcurrency?: number;
  runner?: Omit<ProcessorRunnerOptions, 'onError'>;
}

/**
 * Runs every async processor (one active instance each across processes, by
 * advisory lock) and the email worker. stop() lets the batch in hand and the
 * emails being sent finish.
 */
export function startWorker(context: AppContext, options: WorkerOptions = {}): RunningWorker {
  const runners = asyncProcessors(context).map(
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
    context.logger.warn(`no SENDGRID_API_KEY: emails go to ${where}, nothing leaves the machine`);
  }
  const emailWorker = new EmailWorker({
    pool: context.pool,
    redisUrl: context.config.REDIS_URL,
    prefix: context.queuePrefix,
    mailer,
    logger: context.logger.child({ worker: 'emails' }),
    concurrency: options.emailConcurrency,
    clock: context.clock,
  });
  return {
    runners,
    emailWorker,
    stop: async () => {
      await Promise.all([...runners.map((runner) => runner.stop()), emailWorker.close()]);
    },
  };
}
