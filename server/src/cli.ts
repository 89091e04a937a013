import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppContext } from './app-context';
import { ConfigError, parseConfig } from './config';
import { DEFAULT_DATABASE_URL, ensureDatabase } from './db/database';
import { AppLoginError, prepareAppLogin } from './db/app-login';
import { SOURCE_MIGRATIONS_DIR, runMigrations } from './db/migrations';
import { createPool } from './db/pool';
import { EventStore } from './event-store/event-store';
import { eventUpcasters, inlineProjections } from './modules';
import { DomainError } from './projections/domain.errors';
import { InlineProjectionRunner } from './projections/inline-projection';
import { rebuildCommand } from './projections/rebuild.command';

const USAGE = `usage: npm run cli -- <command>
  migrate                          apply the migrations in migrations/
  migration:create <name>          write an empty migration, migrations/<timestamp>-<name>.ts
  rebuild-projections [--verify]   replay the log into the read models; --verify compares instead, exit 1 on a difference
  create-workspace --name NAME --slug SLUG --owner-name NAME --owner-email EMAIL
                                   a workspace, its owner and an API token, as one JSON line`;

/** --flag value pairs. */
function flags(args: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith('--') && i + 1 < args.length && !args[i + 1].startsWith('--'))
      out[args[i].slice(2)] = args[++i];
  }
  return out;
}

const print = (line: string) => process.stdout.write(line + '\n');

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const config = parseConfig();
  const databaseUrl = config.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  switch (command) {
    case 'migrate': {
      await ensureDatabase(databaseUrl);
      const applied = await runMigrations(databaseUrl);
      print(applied.length ? `applied ${applied.join(', ')}` : 'no migration to apply');
      await prepareAppLogin(databaseUrl, config.DATABASE_APP_URL);
      return 0;
    }
    case 'migration:create': {
      const name = args[0];
      if (!name || !/^[a-z][a-z0-9-]*$/.test(name)) {
        process.stderr.write('migration:create needs a name of lower-case letters, digits and dashes\n');
        return 2;
      }
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
      const pool = createPool(databaseUrl, { max: 2, applicationName: 'client-portal-rebuild' });
      try {
        return await rebuildCommand(
          pool,
          new EventStore(pool, eventUpcasters()),
          new InlineProjectionRunner(inlineProjections),
          args.includes('--verify'),
          print,
        );
      } finally {
        await pool.end();
      }
    }
    case 'create-workspace': {
      const given = flags(args);
      const missing = ['name', 'slug', 'owner-name', 'owner-email'].filter((flag) => !given[flag]);
      if (missing.length) {
        process.stderr.write(`create-workspace needs ${missing.map((flag) => `--${flag}`).join(', ')}\n`);
        return 2;
      }
      await ensureDatabase(databaseUrl);
      await runMigrations(databaseUrl);
      const context = createAppContext({ ...config, DATABASE_URL: databaseUrl });
      try {
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
        print(
          JSON.stringify({
            workspaceId: created.workspaceId,
            slug: created.slug,
            apiToken: created.apiToken,
          }),
        );
        return 0;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        process.stderr.write(`${error.message}\n`);
        return 1;
      } finally {
        await context.close();
      }
    }
    default:
      process.stderr.write(`${command ? `unknown command ${command}\n` : ''}${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    const plain = error instanceof ConfigError || error instanceof AppLoginError;
    process.stderr.write(plain ? `${error.message}\n` : `${error?.stack ?? error}\n`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  },
);
