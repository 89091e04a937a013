import 'reflect-metadata';
import { startApi } from './api.server';
import { createAppContext } from './app-context';
import { DEFAULT_DATABASE_URL, ensureDatabase } from './db/database';
import { runMigrations } from './db/migrations';
import { configOrExit, onShutdown } from './process.lifecycle';
import { startWorker } from './worker.server';

/** npm start — migrations, the API, the workers and the portal's pages in one process. */
async function main() {
  const config = configOrExit();
  const databaseUrl = config.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  await ensureDatabase(databaseUrl);
  await runMigrations(databaseUrl);
  const context = createAppContext(config);
  const api = await startApi(context);
  const worker = startWorker(context);
  onShutdown(context.logger, [api.stop, worker.stop, context.close]);
  const base = config.PUBLIC_URL;
  process.stdout.write(
    [
      '',
      'Client portal is running.',
      `  Portal pages    ${base}/p/`,
      `  GraphQL         ${base}/graphql  (a browser gets the playground; make a member token with npm run cli -- create-workspace)`,
      `  Health          ${base}/healthz  (ready: ${base}/readyz)`,
      ...(config.SENDGRID_API_KEY || config.NODE_ENV === 'production'
        ? []
        : [`  Dev mailbox     ${base}/dev/mailbox  (no SENDGRID_API_KEY: emails stay here)`]),
      `  Database        ${databaseUrl.replace(/\/\/[^@/]*@/, '//')}`,
      `  Files (S3)      bucket ${context.storage.bucket} at ${context.storage.location}`,
      '',
    ].join('\n') + '\n',
  );
}

void main().catch((error) => {
  process.stderr.write(`could not start: ${error?.message ?? error}\n`);
  process.exit(1);
});
