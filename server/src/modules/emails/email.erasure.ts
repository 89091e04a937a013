import type { Queryable } from '../../db/queryable';

/**
 * What the email side keeps of an erased person: the delivery records name
 * their address (kept, as the erased stand-in), outbox rows waiting for a job
 * may hold it (dropped: the person has no session or link left to send), and
 * the dev mailbox's copies of emails to or naming them (dropped). Mail
 * already sent through a provider cannot be recalled.
 */
export async function forgetInEmails(
  db: Queryable,
  values: { emails: readonly string[]; texts: readonly string[] },
  emailStandIn: string,
): Promise<void> {
  const emails = values.emails.map((email) => email.toLowerCase());
  const texts = [...new Set([...values.texts, ...values.emails].map((text) => text.toLowerCase()))].filter(
    (text) => text.length > 0,
  );
  await db.query(
    `UPDATE email_deliveries SET recipient = $2, reason = CASE WHEN reason IS NULL THEN NULL ELSE 'erased' END
     WHERE lower(recipient) = ANY($1::text[])`,
    [emails, emailStandIn],
  );
  const mentions = (column: string) =>
    `EXISTS (SELECT 1 FROM unnest($1::text[]) v WHERE strpos(lower(${column}), v) > 0)`;
  await db.query(`DELETE FROM email_outbox WHERE ${mentions('payload::text')}`, [texts]);
  await db.query(
    `DELETE FROM dev_mailbox WHERE ${[
      'to_address',
      'to_name',
      'subject',
      'text_body',
      'html_body',
      'attachments::text',
    ]
      .map((column) => mentions(`coalesce(${column}, '')`))
      .join(' OR ')}`,
    [texts],
  );
}
