import type { AppContext } from './app-context';
import { ProcessorRunner } from './projections/async-processor';
import { asyncProcessors } from './projections/processor.registry';

export interface RunningWorker {
  runners: ProcessorRunner[];
  stop(): Promise<void>;
}

/** Runs every async processor (one active instance each across processes, by advisory lock). */
export function startWorker(context: AppContext): RunningWorker {
  const runners = asyncProcessors(context).map(
    (processor) =>
      new ProcessorRunner(context.pool, context.store, processor, {
        onError: (error) =>
          context.logger.error({ err: error, processor: processor.name }, 'processor failed; retrying'),
      }),
  );
  for (const runner of runners) runner.start();
  return {
    runners,
    stop: async () => {
      await Promise.all(runners.map((runner) => runner.stop()));
    },
  };
}
