import type { Queryable } from '../../db/queryable';

/** An erased contact's invoice keys (revoked with their sessions, auth/contact-session.service.ts) forget the address they went to. */
export async function forgetInvoiceKeyEmails(
  db: Queryable,
  contactId: string,
  standIn: string,
): Promise<void> {
  await db.query('UPDATE invoice_keys SET email = $2 WHERE contact_id = $1', [contactId, standIn]);
}
