import type { Queryable } from '../../db/queryable';
import type { MailAddress } from '../../integrations/mailer';

/**
 * Where replies to a workspace's emails go: its reply address, which is its
 * owner's email (the first member, who made it), named by the company; a
 * workspace without one gets `fallback` (EMAIL_REPLY_TO, else EMAIL_FROM).
 * Read at send time, like the branding: a changed owner email applies at once.
 */
export async function loadReplyTo(
  db: Queryable,
  workspaceId: string,
  fallback: string | null,
): Promise<MailAddress | null> {
  const { rows } = await db.query<{ company_name: string; email: string | null }>(
    `SELECT w.company_name,
            (SELECT m.email FROM members m WHERE m.workspace_id = w.id ORDER BY m.created_at, m.id LIMIT 1) AS email
     FROM workspaces w WHERE w.id = $1`,
    [workspaceId],
  );
  const email = rows[0]?.email ?? fallback;
  return email ? { email, name: rows[0]?.company_name ?? null } : null;
}
