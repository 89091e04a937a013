import 'reflect-metadata';
import { startApi } from './api.server';
import { createAppContext } from './app-context';
import { ensureDatabase } from './db/database';
import { AppLoginError, prepareAppLogin } from './db/app-login';
import { runMigrations } from './db/migrations';
import { parseConfig } from './config';
import { DATA_DIR } from './paths';
import { configOrExit, onShutdown } from './process.lifecycle';
import { DEMO_SLUG, demoAccess, demoState, type DemoAccess } from './start/demo';
import { seedDemo } from './start/demo-seed';
import { choosePostgres, chooseRedis, NoRedisError, type Chosen } from './start/fallbacks';
import { startReaper } from './start/reaper';
import { startWorker } from './worker.server';

/** What npm start started itself, stopped last (and on a failed start). */
const started: Chosen[] = [];
/** Ends what npm start started should this process end without stopping it (SIGKILL, a crash). */
const reaper = startReaper();
const stopStarted = async () => {
  for (const chosen of started.reverse()) {
    await chosen.stop?.();
    if (chosen.process) reaper.release(chosen.process.pid);
  }
};
const track = (chosen: Chosen) => {
  started.push(chosen);
  if (chosen.process) reaper.watch(chosen.process.pid, chosen.process.signal);
};

// scripts/start.mjs keeps an IPC channel to this process: when it closes, npm start is gone (killed,
// even by SIGKILL to its process group, which this process is not in) and this one stops as on SIGTERM.
if (process.connected)
  process.once('disconnect', () => {
    setTimeout(() => process.exit(1), 15_000).unref();
    process.kill(process.pid, 'SIGTERM');
  });

/**
 * npm start — migrations, the API, the workers and the portal's pages in one
 * process; PostgreSQL and Redis from the environment, else local ones, else
 * started here; a demo workspace on first start (unless --no-demo).
 */
async function main() {
  const config = configOrExit();
  const withDemo = !process.argv.slice(2).includes('--no-demo');
  const say = (line: string) => process.stdout.write(line + '\n');

  // Until the API runs, a signal stops only what was started so far.
  const early = () => void stopStarted().finally(() => process.exit(0));
  process.on('SIGINT', early);
  process.on('SIGTERM', early);

  const postgres = await choosePostgres(config.DATABASE_URL, DATA_DIR);
  track(postgres);
  say(`PostgreSQL: ${postgres.description}`);
  const redis = await chooseRedis(process.env.REDIS_URL || undefined, DATA_DIR);
  track(redis);
  say(`Redis: ${redis.description}`);
  const databaseUrl = postgres.url;
  await ensureDatabase(databaseUrl);
  await runMigrations(databaseUrl);
  // The service logs in as its own role; the embedded server asks for passwords, so npm start makes one.
  const appUrl = await prepareAppLogin(databaseUrl, config.DATABASE_APP_URL ?? postgres.appUrl);
  const context = createAppContext({
    // Parsed again with the database chosen: REDIS_PREFIX's default is that database's name.
    ...parseConfig({ ...process.env, DATABASE_URL: databaseUrl }),
    DATABASE_URL: databaseUrl,
    DATABASE_APP_URL: appUrl,
    REDIS_URL: redis.url,
  });
  const api = await startApi(context);
  const worker = startWorker(context);
  process.off('SIGINT', early);
  process.off('SIGTERM', early);
  onShutdown(context.logger, [api.stop, worker.stop, context.close, stopStarted]);
  // A second Ctrl-C while stopping is ignored (onShutdown listens once): the stops finish, nothing is left behind.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => undefined);

  let access: DemoAccess | null = null;
  const state = await demoState(context);
  if (state !== 'complete' && withDemo) {
    say(
      state === 'none'
        ? 'Seeding the demo workspace (demo-studio)…'
        : 'Finishing the demo workspace (demo-studio): its seeding was interrupted…',
    );
    // A failed seed leaves the service running; the next start finishes what is missing.
    await seedDemo(context).catch((error) =>
      process.stderr.write(`the demo workspace was not fully seeded: ${error?.message ?? error}\n`),
    );
  }
  const hasDemo = (await demoState(context)) !== 'none';
  if (hasDemo)
    access = await demoAccess(context).catch((error) => {
      process.stderr.write(`no demo token or sign-in link: ${error?.message ?? error}\n`);
      return null;
    });

  const base = config.PUBLIC_URL;
  const demoLines = access
    ? [
        `  Ava's link      ${access.consoleLink ?? '(none: Ava Owner is no longer a member)'}  (the owner's, to the console)`,
        `  Portal sign-in  ${base}/p/${DEMO_SLUG}/login`,
        `  John's link     ${access.signInLink ?? '(none: the demo portal is off, or John Smith is no longer a contact)'}`,
        `  Member token    ${access.token}  (Ava Owner of Demo Studio; header Authorization: Bearer …)`,
      ]
    : hasDemo
      ? [`  Portal sign-in  ${base}/p/${DEMO_SLUG}/login  (no token or sign-in link: see the error above)`]
      : [
          `  No demo workspace (--no-demo). Make a workspace and its owner's token with:`,
          `    npm run cli -- create-workspace --name "My Studio" --slug my-studio --owner-name "Me" --owner-email me@example.com`,
        ];
  process.stdout.write(
    [
      '',
      'Client portal is running.',
      `  Console         ${base}/app/login  (the members' side)`,
      `  Portal pages    ${base}/p/`,
      ...demoLines,
      `  GraphQL         ${base}/graphql  (a browser gets the playground${access ? '; use the member token' : ''})`,
      `  Health          ${base}/healthz  (ready: ${base}/readyz)`,
      ...(config.SMTP_URL || config.SENDGRID_API_KEY || config.NODE_ENV === 'production'
        ? []
        : [`  Dev mailbox     ${base}/dev/mailbox  (no SMTP_URL or SENDGRID_API_KEY: emails stay here)`]),
      `  Database        ${databaseUrl.replace(/\/\/[^@/]*@/, '//')}`,
      `  Redis           ${redis.url.replace(/\/\/[^@/]*@/, '//')}`,
      `  Files (S3)      bucket ${context.storage.bucket} at ${context.storage.location}`,
      '',
    ].join('\n') + '\n',
  );
}

void main().catch(async (error) => {
  if (error instanceof NoRedisError || error instanceof AppLoginError)
    process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`could not start: ${error?.message ?? error}\n`);
  await stopStarted().catch(() => undefined);
  process.exit(1);
});
