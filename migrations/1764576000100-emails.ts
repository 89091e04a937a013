import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outgoing email: what happened to each email job (email_deliveries, one row
 * per BullMQ job, written by the email worker), and the dev mailbox, where
 * messages go instead of SendGrid when no SENDGRID_API_KEY is set. Neither is
 * a read model: rebuild-projections leaves them alone.
 */
export class Emails1764576000100 implements MigrationInterface {
  name = 'Emails1764576000100';

  async up(q: QueryRunner): Promise<void> {
    // status: retrying (an attempt failed, another follows), sent, failed (for good).
    await q.query(`
      CREATE TABLE email_deliveries (
        job_id text PRIMARY KEY,
        event_id uuid NOT NULL,
        workspace_id uuid NOT NULL,
        kind text NOT NULL,
        recipient text NOT NULL,
        status text NOT NULL CONSTRAINT email_deliveries_status_check
          CHECK (status IN ('retrying', 'sent', 'failed')),
        attempts integer NOT NULL,
        reason text,
        provider_message_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await q.query(`CREATE INDEX email_deliveries_event_idx ON email_deliveries (event_id)`);
    await q.query(
      `CREATE INDEX email_deliveries_workspace_idx ON email_deliveries (workspace_id, created_at DESC)`,
    );
    await q.query(`
      CREATE TABLE dev_mailbox (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        message_id uuid NOT NULL,
        from_address text NOT NULL,
        from_name text,
        to_address text NOT NULL,
        to_name text,
        subject text NOT NULL,
        text_body text NOT NULL,
        html_body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dev_mailbox, email_deliveries`);
  }
}
