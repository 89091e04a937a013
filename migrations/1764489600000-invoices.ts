import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invoices and their payments (read models), and the per-workspace invoice
 * number counter, which is write-side state: a command draws the next number
 * in its own transaction, so numbers have no gaps and no duplicates.
 */
export class Invoices1764489600000 implements MigrationInterface {
  name = 'Invoices1764489600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE invoice_number_counters (
        workspace_id uuid PRIMARY KEY,
        last_number integer NOT NULL
      )`);
    await q.query(`
      CREATE TABLE invoices (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL,
        client_id uuid NOT NULL,
        project_id uuid NOT NULL,
        number text NOT NULL,
        status text NOT NULL,
        currency text NOT NULL,
        line_items jsonb NOT NULL,
        tax_rate_percent double precision NOT NULL,
        subtotal bigint NOT NULL,
        tax_amount bigint NOT NULL,
        total bigint NOT NULL,
        amount_paid bigint NOT NULL,
        notes text,
        issued_at timestamptz,
        due_date timestamptz,
        paid_at timestamptz,
        voided_at timestamptz,
        void_reason text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT invoices_number_key UNIQUE (workspace_id, number)
      )`);
    await q.query(`CREATE INDEX invoices_project_idx ON invoices (project_id, created_at, id)`);
    // Reminders and overdue lists look for unpaid sent invoices by due date.
    await q.query(
      `CREATE INDEX invoices_unpaid_due_idx ON invoices (due_date) WHERE status IN ('SENT', 'PARTIALLY_PAID')`,
    );
    await q.query(`
      CREATE TABLE invoice_payments (
        id uuid PRIMARY KEY,
        invoice_id uuid NOT NULL,
        workspace_id uuid NOT NULL,
        amount bigint NOT NULL,
        method text NOT NULL,
        note text,
        reference text,
        received_at timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX invoice_payments_invoice_idx ON invoice_payments (invoice_id, received_at, id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE invoice_payments, invoices, invoice_number_counters`);
  }
}
