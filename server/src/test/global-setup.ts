import { runMigrations } from '../db/migrations';
import { adminQuery, databaseUrl } from './test-database';

/** Migrates one template database per run; every test file copies it (CREATE DATABASE … TEMPLATE). */
export default async function globalSetup(): Promise<void> {
  const template = `portal_test_${Date.now().toString(36)}_${process.pid}_tpl`;
  await adminQuery(`CREATE DATABASE ${template}`);
  await runMigrations(databaseUrl(template));
  process.env.PORTAL_TEST_TEMPLATE = template;
}
