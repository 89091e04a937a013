import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reminders are events now (InvoiceRemindersSet, InvoiceReminderSent on the
 * invoice's stream): the read model learns whether an invoice is reminded of,
 * which days of the schedule it was, and when last. invoice_reminders (the
 * reminders job's rows from before) stays, read once more by the job so that
 * nothing already sent goes out again.
 */
export class InvoiceReminderEvents1764921600300 implements MigrationInterface {
  name = 'InvoiceReminderEvents1764921600300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invoices ADD COLUMN reminders_enabled boolean NOT NULL DEFAULT true,
      ADD COLUMN reminded_days integer[] NOT NULL DEFAULT '{}', ADD COLUMN last_reminded_on date`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invoices DROP COLUMN reminders_enabled, DROP COLUMN reminded_days,
      DROP COLUMN last_reminded_on`);
  }
}
