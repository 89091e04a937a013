import { Client, Pool } from 'pg';
import { createPool } from '../db/pool';

/** The server the tests use; each test file makes its own database on it. */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string): string {
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: TEST_SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  /** Connected as the service's role (portal_app), as the API and workers are. */
  app: Pool;
  /** Connected as the owner that ran the migrations. */
  owner: Pool;
  drop(): Promise<void>;
}

let counter = 0;

/** A fresh, migrated database copied from the run's template (see global-setup.ts). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = process.env.PORTAL_TEST_TEMPLATE;
  if (!template)
    throw new Error('PORTAL_TEST_TEMPLATE is not set: run the tests through jest (global-setup.ts)');
  const name = `${template.replace(/_tpl$/, '')}_${process.pid}_${++counter}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  const url = databaseUrl(name);
  const app = createPool(url, { max: 20 });
  const owner = createPool(url, { max: 5, asAppRole: false });
  return {
    name,
    url,
    app,
    owner,
    async drop() {
      await Promise.all([app.end(), owner.end()]);
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
