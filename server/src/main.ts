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
  // No stack trace for the operator of a production service: the reason alone.
  const production = process.env.NODE_ENV === 'production';
  process.stderr.write(
    `could not start: ${production ? (error?.message ?? error) : (error?.stack ?? error)}\n`,
  );
  process.exit(1);
});
