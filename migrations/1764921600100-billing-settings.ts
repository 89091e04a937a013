import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Billing settings (read models): the workspace's billing profile and
 * reminder schedule (billing_settings, from the billing-<workspace> stream;
 * no row: nothing set, reminders at -3, 0 and 7 days), and each client's
 * billing details (columns of clients).
 */
export class BillingSettings1764921600100 implements MigrationInterface {
  name = 'BillingSettings1764921600100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE billing_settings (
        workspace_id uuid PRIMARY KEY,
        legal_name text,
        address text,
        tax_id text,
        payment_instructions text,
        reminder_days integer[] NOT NULL DEFAULT '{-3,0,7}',
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`ALTER TABLE clients ADD COLUMN billing_name text, ADD COLUMN billing_address text,
      ADD COLUMN tax_id text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE clients DROP COLUMN billing_name, DROP COLUMN billing_address, DROP COLUMN tax_id`,
    );
    await q.query(`DROP TABLE billing_settings`);
  }
}
