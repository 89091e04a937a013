import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payments: the Stripe account a workspace connected (projected from
 * StripeAccountConnected, so a read-model column), and the invoice reminders
 * sent (one row per invoice and kind, written by the reminders job; not a read
 * model: rebuild-projections leaves it alone).
 */
export class Payments1764662400700 implements MigrationInterface {
  name = 'Payments1764662400700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE workspaces ADD COLUMN stripe_account_id text`);
    await q.query(`
      CREATE TABLE invoice_reminders (
        invoice_id uuid NOT NULL,
        kind text NOT NULL CONSTRAINT invoice_reminders_kind_check
          CHECK (kind IN ('before-due', 'on-due', 'after-due')),
        workspace_id uuid NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (invoice_id, kind)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE invoice_reminders`);
    await q.query(`ALTER TABLE workspaces DROP COLUMN stripe_account_id`);
  }
}
