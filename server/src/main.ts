import 'reflect-metadata';
import { startApi } from './api.server';
import { createAppContext } from './app-context';
import { configOrExit, onShutdown } from './process.lifecycle';

/** npm run start:api — the HTTP API alone, for production next to separate workers. */
async function main() {
  const context = createAppContext(configOrExit());
  const api = await startApi(context);
  context.logger.info({ url: api.url }, 'API listening');
  onShutdown(context.logger, [api.stop, context.close]);
}

void main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
