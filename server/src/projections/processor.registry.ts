import type { AppContext } from '../app-context';
import { createEmailDispatcher } from '../modules/emails/email-dispatcher.processor';
import type { AsyncProcessor } from './async-processor';

/** Every async processor of the product; the worker runs one runner for each. */
export function asyncProcessors(context: AppContext): AsyncProcessor[] {
  return [
    createEmailDispatcher({
      queue: () => context.emailQueue,
      publicUrl: context.config.PUBLIC_URL,
      logger: context.logger.child({ processor: 'email-dispatcher' }),
    }),
  ];
}
