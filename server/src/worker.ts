import 'reflect-metadata';
import { createAppContext } from './app-context';
import { configOrExit, onShutdown } from './process.lifecycle';
import { startWorker } from './worker.server';

/** npm run start:worker — the async processors and queue workers alone. */
function main() {
  const context = createAppContext(configOrExit());
  const worker = startWorker(context);
  context.logger.info(
    {
      processors: worker.runners.map((runner) => runner.processor.name),
      queues: [worker.emailWorker.worker.name, worker.filePurgeWorker.worker.name],
    },
    'worker running',
  );
  onShutdown(context.logger, [worker.stop, context.close]);
}

main();
