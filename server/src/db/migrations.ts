import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, type MigrationInterface } from 'typeorm';

type MigrationClass = new () => MigrationInterface;

export const MIGRATIONS_DIR = join(__dirname, '..', '..', '..', 'migrations');

/** The migration classes in migrations/, in file-name (timestamp) order. */
export function loadMigrations(dir = MIGRATIONS_DIR): MigrationClass[] {
  return readdirSync(dir)
    .filter((file) => /^\d{13}-[\w-]+\.ts$/.test(file))
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

/** Applies the pending migrations as the database owner; returns the names applied. */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    migrations: loadMigrations(),
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
