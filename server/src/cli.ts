import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppContext, type AppContext } from './app-context';
import { commandFlags } from './cli/cli.flags';
import { UsageError, USAGE, USAGE_HINT } from './cli/cli.usage';
import { createApiTokenCommand } from './cli/create-api-token.command';
import { VERIFY_CONNECTIONS, verifyLogCommand } from './cli/verify-log.command';
import { ConfigError, parseConfig, type Config } from './config';
import { DEFAULT_DATABASE_URL, ensureDatabase } from './db/database';
import { AppLoginError, prepareAppLogin } from './db/app-login';
import { SOURCE_MIGRATIONS_DIR, runMigrations } from './db/migrations';
import { createPool } from './db/pool';
import { EnvFileError, loadEnvFile } from './env-file';
import { EventStore } from './event-store/event-store';
import { eventPersonalData, eventUpcasters, inlineProjections } from './modules';
import { DomainError } from './projections/domain.errors';
import { InlineProjectionRunner } from './projections/inline-projection';
import { rebuildCommand } from './projections/rebuild.command';
import { forgetAllProjectSnapshots } from './modules/history/project-snapshot.store';

const print = (line: string) => process.stdout.write(line + '\n');

/** The database migrated, then the command run with the app's context; a refused command is exit 1. */
async function withContext(
  config: Config,
  databaseUrl: string,
  run: (context: AppContext) => Promise<object>,
) {
  await ensureDatabase(databaseUrl);
  await runMigrations(databaseUrl);
  const context = createAppContext({ ...config, DATABASE_URL: databaseUrl });
  try {
    print(JSON.stringify(await run(context)));
    return 0;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  } finally {
    await context.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    print(USAGE);
    return 0;
  }
  loadEnvFile();
  const config = parseConfig();
  const databaseUrl = config.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  switch (command) {
    case 'migrate': {
      commandFlags('migrate', args, []);
      await ensureDatabase(databaseUrl);
      const applied = await runMigrations(databaseUrl);
      print(applied.length ? `applied ${applied.join(', ')}` : 'no migration to apply');
      await prepareAppLogin(databaseUrl, config.DATABASE_APP_URL);
      return 0;
    }
    case 'migration:create': {
      const name = args[0];
      if (!name || !/^[a-z][a-z0-9-]*$/.test(name) || args.length > 1)
        throw new UsageError('migration:create needs one name of lower-case letters, digits and dashes');
      const timestamp = Date.now();
      const className = name.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()) + timestamp;
      const file = join(SOURCE_MIGRATIONS_DIR, `${timestamp}-${name}.ts`);
      writeFileSync(
        file,
        `import { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${className} implements MigrationInterface {\n  name = '${className}';\n\n  async up(q: QueryRunner): Promise<void> {\n    await q.query(\`\`);\n  }\n\n  async down(q: QueryRunner): Promise<void> {\n    await q.query(\`\`);\n  }\n}\n`,
      );
      print(`wrote ${file}`);
      return 0;
    }
    case 'rebuild-projections': {
      if (args.some((arg) => arg !== '--verify'))
        throw new UsageError(`rebuild-projections takes only --verify (got ${args.join(' ')})`);
      const pool = createPool(databaseUrl, { max: 2, applicationName: 'client-portal-rebuild' });
      try {
        const verify = args.includes('--verify');
        const code = await rebuildCommand(
          pool,
          new EventStore(pool, eventUpcasters(), eventPersonalData()),
          new InlineProjectionRunner(inlineProjections),
          verify,
          print,
        );
        // projectAt's snapshots were made by the projections as they were: a rebuild may follow a change of their rules.
        if (!verify) await forgetAllProjectSnapshots(pool);
        return code;
      } finally {
        await pool.end();
      }
    }
    case 'verify-log': {
      const given = commandFlags('verify-log', args, [], ['digest']);
      const pool = createPool(databaseUrl, {
        max: VERIFY_CONNECTIONS,
        applicationName: 'client-portal-verify-log',
      });
      try {
        return await verifyLogCommand(pool, given, print, (line) => process.stderr.write(line + '\n'));
      } finally {
        await pool.end();
      }
    }
    case 'create-workspace': {
      const given = commandFlags('create-workspace', args, ['name', 'slug', 'owner-name', 'owner-email']);
      return withContext(config, databaseUrl, async (context) => {
        const created = await context.services.workspaces.createWorkspace(
          {
            name: given.name,
            slug: given.slug,
            ownerName: given['owner-name'],
            ownerEmail: given['owner-email'],
          },
          { kind: 'SYSTEM', id: null, name: 'Command line' },
          `cli-${randomUUID()}`,
        );
        return { workspaceId: created.workspaceId, slug: created.slug, apiToken: created.apiToken };
      });
    }
    case 'create-api-token': {
      const given = commandFlags('create-api-token', args, ['slug', 'email'], ['name']);
      return withContext(config, databaseUrl, (context) => createApiTokenCommand(context, given));
    }
    default:
      throw new UsageError(`unknown command ${command}`, true);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${error.showUsage ? `\n${USAGE}` : `(${USAGE_HINT})`}\n`);
      process.exit(2);
    }
    const plain =
      error instanceof ConfigError ||
      error instanceof AppLoginError ||
      error instanceof EnvFileError ||
      process.env.NODE_ENV === 'production';
    process.stderr.write(plain ? `${error?.message ?? error}\n` : `${error?.stack ?? error}\n`);
    process.exit(error instanceof ConfigError || error instanceof EnvFileError ? 2 : 1);
  },
);
