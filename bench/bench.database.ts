import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { runMigrations } from '../server/src/db/migrations';
import { LEDGER_TABLE_SQL } from '../server/src/test/fixtures/ledger.fixture';

/** Runs one statement on the server's maintenance database (CREATE / DROP DATABASE, version()). */
export async function serverQuery<Row = Record<string, unknown>>(
  serverUrl: string,
  sql: string,
): Promise<Row[]> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Row[];
  } finally {
    await client.end();
  }
}

export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * The databases a run makes, all named `portal_bench_<random>_<purpose>`, so
 * that one call drops every one of them whatever happened before.
 */
export class BenchDatabases {
  readonly prefix = `portal_bench_${randomBytes(4).toString('hex')}`;
  private readonly names: string[] = [];

  constructor(private readonly serverUrl: string) {}

  /** An empty database; returns its URL. */
  async createEmpty(purpose: string): Promise<string> {
    if (!/^[a-z0-9_]+$/.test(purpose)) throw new Error(`bad database purpose ${JSON.stringify(purpose)}`);
    const name = `${this.prefix}_${purpose}`;
    this.names.push(name);
    await serverQuery(this.serverUrl, `CREATE DATABASE ${name}`);
    return databaseUrl(this.serverUrl, name);
  }

  /** A database with our migrations applied and the ledger read model's table, made as the owner. */
  async createMigrated(purpose: string): Promise<string> {
    const url = await this.createEmpty(purpose);
    await runMigrations(url);
    await serverQuery(url, LEDGER_TABLE_SQL);
    return url;
  }

  /** Drops every database this run made; reports (never throws) what it could not drop. */
  async dropAll(): Promise<void> {
    while (this.names.length) {
      const name = this.names.pop()!;
      try {
        await serverQuery(this.serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } catch (error) {
        console.error(`could not drop database ${name}: ${(error as Error).message}`);
        process.exitCode = 1;
      }
    }
  }
}
