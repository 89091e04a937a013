import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recurring invoices (read models, from the recurrence-<id> streams): each
 * schedule with its rule, state and next period (recurring_invoices), and the
 * invoice each period issued (recurring_invoice_periods). A draft is the
 * template of one live schedule at most: the partial unique index refuses a
 * second in the transaction that would schedule it.
 */
export class RecurringInvoices1764921600400 implements MigrationInterface {
  name = 'RecurringInvoices1764921600400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE recurring_invoices (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL,
        client_id uuid NOT NULL,
        project_id uuid NOT NULL,
        template_invoice_id uuid NOT NULL,
        interval text NOT NULL CONSTRAINT recurring_invoices_interval_check CHECK (interval IN ('WEEK', 'MONTH')),
        every integer NOT NULL,
        start_date timestamptz NOT NULL,
        end_date timestamptz,
        count integer,
        send_automatically boolean NOT NULL,
        due_in_days integer,
        status text NOT NULL CONSTRAINT recurring_invoices_status_check CHECK (status IN ('ACTIVE', 'PAUSED', 'ENDED')),
        ended_reason text,
        next_period integer NOT NULL,
        next_issue_at timestamptz,
        issued_count integer NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX recurring_invoices_live_template_key ON recurring_invoices (template_invoice_id)
      WHERE status <> 'ENDED'`);
    await q.query(
      `CREATE INDEX recurring_invoices_due_idx ON recurring_invoices (next_issue_at) WHERE status = 'ACTIVE'`,
    );
    await q.query(
      `CREATE INDEX recurring_invoices_project_idx ON recurring_invoices (workspace_id, project_id)`,
    );
    await q.query(`
      CREATE TABLE recurring_invoice_periods (
        recurrence_id uuid NOT NULL,
        period integer NOT NULL,
        workspace_id uuid NOT NULL,
        invoice_id uuid NOT NULL,
        period_date timestamptz NOT NULL,
        sent boolean NOT NULL,
        PRIMARY KEY (recurrence_id, period)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE recurring_invoice_periods, recurring_invoices`);
  }
}
