import type { Queryable } from '../../db/queryable';

/** An erased contact's open upload tickets go: they name the contact, and the contact has no session left to use them. */
export async function forgetUploadTickets(db: Queryable, contactId: string): Promise<void> {
  await db.query(
    `DELETE FROM upload_tickets WHERE requested_by->>'kind' = 'CONTACT' AND requested_by->>'id' = $1`,
    [contactId],
  );
}
