import { readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { DataSource, type MigrationInterface } from 'typeorm';
import { PROJECT_ROOT } from '../paths';

type MigrationClass = new () => MigrationInterface;

/**
 * The migrations this code runs: migrations/*.ts beside the TypeScript
 * sources, or their compiled dist/migrations/*.js beside the compiled server
 * (npm run build), in the language this file itself runs in.
 */
export const MIGRATIONS_DIR = join(__dirname, '..', '..', '..', 'migrations');
const MIGRATION_FILE = extname(__filename) === '.js' ? /^\d{13}-[\w-]+\.js$/ : /^\d{13}-[\w-]+\.ts$/;

/** Where new migrations are written (always TypeScript, in the repository's migrations/). */
export const SOURCE_MIGRATIONS_DIR = join(PROJECT_ROOT, 'migrations');

/** The migration classes in migrations/, in file-name (timestamp) order; `before`: only those older than that timestamp. */
export function loadMigrations(dir = MIGRATIONS_DIR, before?: string): MigrationClass[] {
  return readdirSync(dir)
    .filter((file) => MIGRATION_FILE.test(file) && (before === undefined || file.slice(0, 13) < before))
    .sort()
    .map((file) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const exported = require(join(dir, file)) as Record<string, unknown>;
      const migration = Object.values(exported).find(
        (value): value is MigrationClass => typeof value === 'function',
      );
      if (!migration) throw new Error(`migrations/${file} exports no migration class`);
      return migration;
    });
}

/**
 * Applies the pending migrations as the database owner; returns the names
 * applied. `before` (a 13-digit timestamp): only the older ones, for a test
 * that builds a database as an earlier release left it.
 */
export async function runMigrations(url: string, options: { before?: string } = {}): Promise<string[]> {
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    migrations: loadMigrations(MIGRATIONS_DIR, options.before),
    migrationsTableName: 'typeorm_migrations',
    logging: ['error'],
  });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}
