import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Stripe Checkout sessions payInvoice made, so that those still open can
 * be expired when the invoice is paid another way or voided. Operational
 * state, not a read model: written by payInvoice and the checkout-expiry
 * processor, never by a projection, and rebuild-projections leaves it alone.
 * `amount_paid_before` is what the invoice had received when the session was
 * made: a payment that raises it makes the session stale.
 */
export class CheckoutSessions1764748800000 implements MigrationInterface {
  name = 'CheckoutSessions1764748800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE checkout_sessions (
        id text PRIMARY KEY,
        workspace_id uuid NOT NULL,
        invoice_id uuid NOT NULL,
        stripe_account_id text,
        amount bigint NOT NULL,
        currency text NOT NULL,
        amount_paid_before bigint NOT NULL,
        status text NOT NULL DEFAULT 'open' CONSTRAINT checkout_sessions_status_check
          CHECK (status IN ('open', 'expired', 'complete', 'closed')),
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        note text
      )`);
    await q.query(
      `CREATE INDEX checkout_sessions_open_idx ON checkout_sessions (invoice_id) WHERE status = 'open'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE checkout_sessions`);
  }
}
