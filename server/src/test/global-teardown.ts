import { Client } from 'pg';
import { TEST_SERVER_URL } from './test-database';

/** Drops the run's template and any database of this run that a crashed test left behind. */
export default async function globalTeardown(): Promise<void> {
  const template = process.env.PORTAL_TEST_TEMPLATE;
  if (!template) return;
  const prefix = template.replace(/_tpl$/, '');
  const client = new Client({ connectionString: TEST_SERVER_URL });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      `${prefix}%`,
    ]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
