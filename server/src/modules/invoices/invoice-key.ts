import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { hashToken } from '../../auth/secret-token';
import type { Queryable } from '../../db/queryable';

/** A key: 32 bytes, base64url (43 characters). */
export const INVOICE_KEY = /^[A-Za-z0-9_-]{43}$/;
/** A paid invoice's keys work this long after it was paid in full. */
export const KEY_DAYS_AFTER_PAID = 90;

const SECRET_NAME = 'invoice-key';

/**
 * Makes the keys of the invoices' emails. A key is derived from the email's
 * event and its recipient under a secret kept in PostgreSQL (service_keys):
 * a dispatch that is tried again (its queueing reached Redis, its transaction
 * did not commit) makes the same key again, so the link in the job that stayed
 * in Redis is the one whose hash is stored. Only the hash is stored.
 */
export class InvoiceKeyMaker {
  private secret: Promise<Buffer> | null = null;

  private loadSecret(db: Queryable): Promise<Buffer> {
    this.secret ??= (async () => {
      await db.query('INSERT INTO service_keys (name, key) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [
        SECRET_NAME,
        randomBytes(32),
      ]);
      const { rows } = await db.query('SELECT key FROM service_keys WHERE name = $1', [SECRET_NAME]);
      return rows[0].key as Buffer;
    })().catch((error) => {
      this.secret = null;
      throw error;
    });
    return this.secret;
  }

  /**
   * The key for this email to this contact, recorded (hashed) in the caller's
   * transaction; the same email again gives the same key and records nothing.
   */
  async issue(
    db: Queryable,
    grant: {
      workspaceId: string;
      clientId: string;
      contactId: string;
      invoiceId: string;
      email: string;
      /** The event the email follows (InvoiceSent, PaymentRecorded, InvoiceReminderSent). */
      eventId: string;
    },
    now: Date,
  ): Promise<string> {
    const key = createHmac('sha256', await this.loadSecret(db))
      .update(`${grant.eventId}|${grant.contactId}|${grant.invoiceId}`)
      .digest('base64url');
    await db.query(
      `INSERT INTO invoice_keys (id, workspace_id, client_id, contact_id, invoice_id, email, key_hash, event_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (key_hash) DO NOTHING`,
      [
        randomUUID(),
        grant.workspaceId,
        grant.clientId,
        grant.contactId,
        grant.invoiceId,
        grant.email,
        hashToken(key),
        grant.eventId,
        now,
      ],
    );
    return key;
  }
}

/** Where an invoice email's key opens the invoice: PUBLIC_URL/p/SLUG/invoices/ID?key=KEY. */
export const invoiceKeyLink = (publicUrl: string, slug: string, invoiceId: string, key: string) =>
  `${publicUrl}/p/${encodeURIComponent(slug)}/invoices/${invoiceId}?key=${key}`;
