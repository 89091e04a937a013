import type { Queryable } from '../../db/queryable';
import type { Actor } from '../../event-store/event.types';

/** A Checkout session as the service keeps it (checkout_sessions): where it was made and for what. */
export interface CheckoutSessionRow {
  id: string;
  workspaceId: string;
  invoiceId: string;
  /** The connected account it was made on; null: the platform's. */
  stripeAccountId: string | null;
  amount: number;
  currency: string;
  /** What the invoice had received when the session was made. */
  amountPaidBefore: number;
  expiresAt: Date;
  /** The contact who opened it (signed in, or with an invoice key); null: a member. */
  contactId?: string | null;
  /** The invoice key it was opened with, if any. */
  invoiceKeyId?: string | null;
}

/** How a session stopped being open: expired by us, paid, or found no longer open at Stripe. */
export type ClosedAs = 'expired' | 'complete' | 'closed';

/**
 * The Checkout sessions payInvoice made (operational state, not a read model).
 * Every statement names the workspace, so nothing reaches another tenant's rows.
 */
export const checkoutSessions = {
  /** The same session again (Stripe's idempotency gives it back) adds nothing. */
  async remember(db: Queryable, row: CheckoutSessionRow): Promise<void> {
    await db.query(
      `INSERT INTO checkout_sessions (id, workspace_id, invoice_id, stripe_account_id, amount, currency, amount_paid_before,
         expires_at, contact_id, invoice_key_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
      [
        row.id,
        row.workspaceId,
        row.invoiceId,
        row.stripeAccountId,
        row.amount,
        row.currency,
        row.amountPaidBefore,
        row.expiresAt,
        row.contactId ?? null,
        row.invoiceKeyId ?? null,
      ],
    );
  },

  /**
   * The invoice's sessions still open, made before the invoice had received
   * `paidAtLeast` (null: whatever it had received), in the order they were made.
   */
  async open(
    db: Queryable,
    scope: { workspaceId: string; invoiceId: string },
    paidAtLeast: number | null,
  ): Promise<CheckoutSessionRow[]> {
    const { rows } = await db.query(
      `SELECT id, workspace_id AS "workspaceId", invoice_id AS "invoiceId", stripe_account_id AS "stripeAccountId",
         amount::int, currency, amount_paid_before::int AS "amountPaidBefore", expires_at AS "expiresAt"
       FROM checkout_sessions
       WHERE workspace_id = $1 AND invoice_id = $2 AND status = 'open' AND expires_at > now()
         AND ($3::bigint IS NULL OR amount_paid_before < $3)
       ORDER BY created_at, id`,
      [scope.workspaceId, scope.invoiceId, paidAtLeast],
    );
    return rows;
  },

  /**
   * Who pays through a session: the contact who opened it (their name as it
   * is now), as the actor of the payment it brings; null for a session a
   * member opened or one this service never made.
   */
  async payer(db: Queryable, workspaceId: string, sessionId: string): Promise<Actor | null> {
    const { rows } = await db.query(
      `SELECT c.id, c.name FROM checkout_sessions s JOIN contacts c ON c.id = s.contact_id AND c.workspace_id = s.workspace_id
       WHERE s.workspace_id = $1 AND s.id = $2`,
      [workspaceId, sessionId],
    );
    return rows[0] ? { kind: 'CONTACT', id: rows[0].id, name: rows[0].name } : null;
  },

  async close(
    db: Queryable,
    workspaceId: string,
    id: string,
    as: ClosedAs,
    note: string | null = null,
  ): Promise<void> {
    await db.query(
      `UPDATE checkout_sessions SET status = $3, closed_at = now(), note = $4
       WHERE workspace_id = $1 AND id = $2 AND status = 'open'`,
      [workspaceId, id, as, note],
    );
  },
};
